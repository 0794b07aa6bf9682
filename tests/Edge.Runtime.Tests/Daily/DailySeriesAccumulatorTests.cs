using CsCheck;
using Edge.Runtime.Daily;

namespace Edge.Runtime.Tests.Daily;

public sealed class DailySeriesAccumulatorTests
{
    private const string Meter = "E1";

    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    // Four local days around the EU change to summer time (29 March 2026 has 23 hours).
    private static readonly DateOnly FirstDay = new(2026, 3, 27);
    private static readonly DateOnly LastDay = new(2026, 3, 30);

    private static readonly DailySeriesOptions Options = new() { TimeZone = Amsterdam, MaxAttributableGap = TimeSpan.FromHours(3) };

    [Fact]
    public void Readings_streamed_one_at_a_time_give_each_day_its_share_of_every_interval_that_overlaps_it()
    {
        // Readings from a few seconds to five hours apart (some gaps too long to spread), the register mostly rising and
        // sometimes falling (a negative delta is not spread). The reference below computes each day's share of each
        // interval from the overlap with the day's own [local midnight, next local midnight), without walking the
        // interval or remembering days, so it checks the accumulator's day cache and its walk across midnights.
        var step = Gen.Frequency((12, Gen.Int[1, 120]), (7, Gen.Int[121, 3 * 3600]), (1, Gen.Int[3 * 3600, 5 * 3600]));
        var delta = Gen.Frequency((9, Gen.Int[0, 2000]), (1, Gen.Int[-500, -1]));
        Gen.Select(step, delta).Array[2, 400].Sample(steps =>
        {
            var points = new List<RegisterPoint>();
            var time = LocalMidnight(FirstDay.AddDays(-1)).AddHours(20);
            long wh = 50_000;
            foreach (var (seconds, change) in steps)
            {
                points.Add(new RegisterPoint(time, wh));
                time = time.AddSeconds(seconds);
                wh += change;
            }

            var accumulator = new DailySeriesAccumulator(Meter, [], FirstDay, LastDay, Options);
            points.ForEach(accumulator.Add);

            var series = accumulator.Finish();
            Assert.Equal(Reference(points), series.Kwh);
            Assert.Equal(points.Zip(points.Skip(1)).Count(p => p.Second.ImportWh < p.First.ImportWh), series.Anomalies.Count);
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void A_reading_older_than_the_one_before_it_is_refused_with_both_times()
    {
        var accumulator = new DailySeriesAccumulator(Meter, [], FirstDay, LastDay, Options);
        var later = LocalMidnight(FirstDay).AddHours(2);
        accumulator.Add(new RegisterPoint(later, 1000));

        var error = Assert.Throws<ArgumentException>(() => accumulator.Add(new RegisterPoint(later.AddSeconds(-1), 1001)));

        Assert.Contains("meter E1", error.Message, StringComparison.Ordinal);
        Assert.Contains("time order", error.Message, StringComparison.Ordinal);
        Assert.Contains(later.ToString("O", System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    /// <summary>Amsterdam's midnight is never skipped (its clocks change at 02:00 and 03:00), so a local day starts there.</summary>
    private static DateTimeOffset LocalMidnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Amsterdam.GetUtcOffset(local));
    }

    private static float[] Reference(List<RegisterPoint> points)
    {
        var dayCount = LastDay.DayNumber - FirstDay.DayNumber + 1;
        var energyWh = new double[dayCount];
        var covered = new long[dayCount];
        for (var i = 1; i < points.Count; i++)
        {
            var (from, to) = (points[i - 1].Time, points[i].Time);
            var deltaWh = points[i].ImportWh - points[i - 1].ImportWh;
            if (deltaWh < 0 || to - from > Options.MaxAttributableGap)
            {
                continue;
            }

            var total = (double)(to - from).Ticks;
            for (var d = 0; d < dayCount; d++)
            {
                var start = LocalMidnight(FirstDay.AddDays(d));
                var end = LocalMidnight(FirstDay.AddDays(d + 1));
                var overlap = (Min(to, end) - Max(from, start)).Ticks;
                if (overlap > 0)
                {
                    energyWh[d] += deltaWh * (overlap / total);
                    covered[d] += overlap;
                }
            }
        }

        return [.. Enumerable.Range(0, dayCount).Select(d =>
            covered[d] >= (LocalMidnight(FirstDay.AddDays(d + 1)) - LocalMidnight(FirstDay.AddDays(d))).Ticks
                ? (float)(energyWh[d] / 1000.0)
                : float.NaN)];
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
