using Edge.MeterAdapter.Readings;

namespace Edge.Runtime.Rules;

/// <summary>
/// A meter's raw readings with gateway time in [<see cref="From"/>, <see cref="To"/>), read again from where they are
/// kept at each enumeration and never held: a meter that sends a telegram every second makes 86,400 readings a day, so
/// a rule asks only for the span it needs, and asks for it reduced (<see cref="ReversePowerBetween"/>,
/// <see cref="CounterRiseBetween"/>, <see cref="LastCountBefore"/>, <see cref="HighestVoltageBetween"/>). Each reduction
/// is defined here by one pass over <see cref="Read"/>; a source that can reduce where the readings are kept (the store,
/// in SQL) overrides it with the same answer, so that only the reduction crosses over, not every reading.
/// </summary>
public abstract class RawReadings
{
    /// <summary>The first span <see cref="LastBefore"/> looks back over; it doubles while nothing is found.</summary>
    private static readonly TimeSpan FirstReach = TimeSpan.FromHours(1);

    /// <summary>Longest span <see cref="LastBefore"/> reads at once, so doubling never overflows.</summary>
    private static readonly TimeSpan LongestReach = TimeSpan.FromDays(3650);

    protected RawReadings(DateTimeOffset from, DateTimeOffset to)
    {
        From = from;
        To = to;
    }

    /// <summary>Start of the span (inclusive).</summary>
    public DateTimeOffset From { get; }

    /// <summary>End of the span (exclusive).</summary>
    public DateTimeOffset To { get; }

    /// <summary>The readings with gateway time in [<paramref name="from"/>, <paramref name="to"/>) and in the span, oldest first (equal times in the order stored).</summary>
    public IEnumerable<MeterReading> Between(DateTimeOffset from, DateTimeOffset to)
    {
        var (start, end) = Within(from, to);
        return start < end ? Read(start, end) : [];
    }

    /// <summary>
    /// The last reading (in the order of <see cref="Between"/>) before <paramref name="before"/> that
    /// <paramref name="match"/> accepts, or null. Reads back from <paramref name="before"/> over spans of 1 h, 2 h, 4 h, ...
    /// and stops at the first span that has one, so a meter that reads every second costs an hour's readings, not the
    /// whole span's.
    /// </summary>
    public MeterReading? LastBefore(DateTimeOffset before, Func<MeterReading, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var end = before < To ? before : To;
        var reach = FirstReach;
        while (end > From)
        {
            var start = end - From <= reach ? From : end - reach;
            MeterReading? last = null;
            foreach (var reading in Read(start, end))
            {
                if (match(reading))
                {
                    last = reading;
                }
            }

            if (last is not null)
            {
                return last;
            }

            end = start;
            reach = reach < LongestReach ? reach + reach : reach;
        }

        return null;
    }

    /// <summary>What <see cref="ReverseEnergyRule"/> needs of the readings in [<paramref name="from"/>, <paramref name="to"/>) and in the span.</summary>
    public ReversePower ReversePowerBetween(DateTimeOffset from, DateTimeOffset to, double minimumW)
    {
        var (start, end) = Within(from, to);
        return start < end ? ReadReversePower(start, end, minimumW) : ReversePower.Over([], minimumW);
    }

    /// <summary>How <paramref name="counter"/> rose over the readings in [<paramref name="from"/>, <paramref name="to"/>) and in the span.</summary>
    public CounterRise CounterRiseBetween(DateTimeOffset from, DateTimeOffset to, EventCounter counter)
    {
        var (start, end) = Within(from, to);
        return start < end ? ReadCounterRise(start, end, counter) : default;
    }

    /// <summary>
    /// The time and value of the last reading (in the order of <see cref="Between"/>) before <paramref name="before"/>
    /// and in the span that has <paramref name="counter"/>, or null.
    /// </summary>
    public (DateTimeOffset Time, int Count)? LastCountBefore(DateTimeOffset before, EventCounter counter)
    {
        var end = before < To ? before : To;
        return end > From ? ReadLastCount(end, counter) : null;
    }

    /// <summary>The highest phase voltage of the readings in [<paramref name="from"/>, <paramref name="to"/>) and in the span, as <see cref="SupplyVoltage.Highest"/>.</summary>
    public double HighestVoltageBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var (start, end) = Within(from, to);
        return start < end ? ReadHighestVoltage(start, end) : double.NegativeInfinity;
    }

    /// <summary>Readings with gateway time in [<paramref name="from"/>, <paramref name="to"/>), a non-empty part of the span, oldest first.</summary>
    protected abstract IEnumerable<MeterReading> Read(DateTimeOffset from, DateTimeOffset to);

    /// <summary><see cref="ReversePowerBetween"/> over a non-empty part of the span.</summary>
    protected virtual ReversePower ReadReversePower(DateTimeOffset from, DateTimeOffset to, double minimumW) =>
        ReversePower.Over(Read(from, to), minimumW);

    /// <summary><see cref="CounterRiseBetween"/> over a non-empty part of the span.</summary>
    protected virtual CounterRise ReadCounterRise(DateTimeOffset from, DateTimeOffset to, EventCounter counter) =>
        CounterRise.Over(Read(from, to), counter);

    /// <summary><see cref="LastCountBefore"/> with <paramref name="before"/> in the span (after its start, at most its end).</summary>
    protected virtual (DateTimeOffset Time, int Count)? ReadLastCount(DateTimeOffset before, EventCounter counter) =>
        LastBefore(before, r => counter.Of(r.Events) is not null) is { } last ? (last.GatewayTime, counter.Of(last.Events)!.Value) : null;

    /// <summary><see cref="HighestVoltageBetween"/> over a non-empty part of the span.</summary>
    protected virtual double ReadHighestVoltage(DateTimeOffset from, DateTimeOffset to) => SupplyVoltage.Highest(Read(from, to));

    private (DateTimeOffset Start, DateTimeOffset End) Within(DateTimeOffset from, DateTimeOffset to) =>
        (from > From ? from : From, to < To ? to : To);
}
