using Edge.MeterAdapter.Readings;

namespace Edge.Runtime.Rules;

/// <summary>
/// A meter's raw readings with gateway time in [<see cref="From"/>, <see cref="To"/>), read again from where they are
/// kept at each enumeration and never held: a meter that sends a telegram every second makes 86,400 readings a day, so
/// a rule asks only for the span it needs and reduces it in one pass.
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
        var start = from > From ? from : From;
        var end = to < To ? to : To;
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

    /// <summary>Readings with gateway time in [<paramref name="from"/>, <paramref name="to"/>), a non-empty part of the span, oldest first.</summary>
    protected abstract IEnumerable<MeterReading> Read(DateTimeOffset from, DateTimeOffset to);
}
