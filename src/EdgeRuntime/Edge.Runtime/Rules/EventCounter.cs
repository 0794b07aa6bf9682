using Edge.MeterAdapter.Readings;

namespace Edge.Runtime.Rules;

/// <summary>
/// An event counter the meter keeps, named so that a reading source can reduce it where the readings are kept (a column
/// of the store) as well as from a <see cref="MeterEvents"/>.
/// </summary>
public enum EventCounter
{
    /// <summary><see cref="MeterEvents.TamperEvents"/>.</summary>
    Tamper,

    /// <summary><see cref="MeterEvents.PowerFailures"/>: failures in any phase (DSMR 0-0:96.7.21).</summary>
    PowerFailures,
}

public static class EventCounters
{
    /// <summary>The counter's value in <paramref name="events"/>, or null when the meter did not report it.</summary>
    public static int? Of(this EventCounter counter, MeterEvents events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return counter switch
        {
            EventCounter.Tamper => events.TamperEvents,
            EventCounter.PowerFailures => events.PowerFailures,
            _ => throw new ArgumentOutOfRangeException(nameof(counter), counter, "unknown event counter"),
        };
    }
}
