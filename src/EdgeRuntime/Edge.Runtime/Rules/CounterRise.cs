using Edge.MeterAdapter.Readings;

namespace Edge.Runtime.Rules;

/// <summary>
/// How an event counter rose over a span of readings, gathered in one pass for <see cref="EventBurstRule"/>: the
/// readings that have the counter, the first and last of them, and the sum of increments between consecutive ones (a
/// counter that goes down, a meter reset, starts again from its new value instead of counting negative).
/// </summary>
public readonly record struct CounterRise(int Readings, (DateTimeOffset Time, int Count) First, (DateTimeOffset Time, int Count) Last, int Events)
{
    public static CounterRise Over(IEnumerable<MeterReading> readings, EventCounter counter)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var rise = default(CounterRise);
        foreach (var reading in readings)
        {
            if (counter.Of(reading.Events) is not { } count)
            {
                continue;
            }

            rise = rise.Then(reading.GatewayTime, count);
        }

        return rise;
    }

    /// <summary>The rise with one more reading that has the counter, later than those before.</summary>
    public CounterRise Then(DateTimeOffset time, int count) => Readings == 0
        ? new CounterRise(1, (time, count), (time, count), 0)
        : new CounterRise(Readings + 1, First, (time, count), Events + Math.Max(0, count - Last.Count));
}
