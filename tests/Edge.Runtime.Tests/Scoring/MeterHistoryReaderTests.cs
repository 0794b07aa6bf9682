using Edge.MeterAdapter.Readings;
using Edge.Runtime.Daily;
using Edge.Runtime.Rules;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;

namespace Edge.Runtime.Tests.Scoring;

public sealed class MeterHistoryReaderTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly LastDay = new(2026, 11, 23);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-history-").FullName;
    private readonly ReadingStore _store;

    public MeterHistoryReaderTests()
    {
        _store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = Path.Combine(_dir, "gateway.db") });

        // Raw readings every 3 h (the longest attributable interval) from 2026-11-21 00:00 to 2026-11-24 00:00:
        // 300 Wh per interval, 8 x 300 = 2.4 kWh a day.
        var start = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        _store.Append([.. Enumerable.Range(0, 25).Select(i => new MeterReading
        {
            MeterId = "E1",
            Protocol = MeterProtocol.DsmrP1,
            GatewayTime = start.AddHours(3 * i),
            Energy = new EnergyRegisters { ImportTotalWh = 10_000 + (300L * i) },
        })]);
    }

    [Fact]
    public void Without_stored_days_the_whole_series_comes_from_raw_readings()
    {
        var reader = new MeterHistoryReader(_store, _ => new DailySeriesOptions(), () => []);

        var history = Assert.Single(reader.ReadAll(LastDay.AddDays(-4), LastDay, Now, rawDays: 1));

        // 19 and 20 November have no readings; 21..23 are 8 x 300 Wh each.
        Assert.Equal([float.NaN, float.NaN, 2.4f, 2.4f, 2.4f], history.Daily.Kwh);
        Assert.Equal(25, All(history).Count);
    }

    [Fact]
    public void Stored_days_fill_the_window_before_the_raw_lookback_and_raw_days_win_where_known()
    {
        var asked = new List<(string, DateOnly, DateOnly)>();
        DailySeries Stored(string meter, DateOnly first, DateOnly last)
        {
            asked.Add((meter, first, last));
            return new DailySeries(meter, first, [5f, float.NaN, 7f, 9f, 9f], []); // 19..23 November
        }

        var reader = new MeterHistoryReader(_store, _ => new DailySeriesOptions(), () => [], Stored);

        var history = Assert.Single(reader.ReadAll(LastDay.AddDays(-4), LastDay, Now, rawDays: 2));

        // Raw lookback: 22 and 23 November (2.4 kWh each, replacing the stored 9); 19..21 as stored.
        Assert.Equal([("E1", LastDay.AddDays(-4), LastDay)], asked);
        Assert.Equal([5f, float.NaN, 7f, 2.4f, 2.4f], history.Daily.Kwh);
        Assert.Equal(LastDay.AddDays(-4), history.Daily.FirstDay);
        Assert.All(All(history), r => Assert.True(r.GatewayTime >= new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData(0)] // the run at a whole millisecond (a fake clock, the demo's accelerated clock)
    [InlineData(4_321)] // the run 0.4321 ms past one (the system clock's 100 ns ticks)
    public void A_reading_stamped_at_the_run_instant_is_in_the_run(long ticksPastTheMillisecond)
    {
        // The store keeps gateway times in whole milliseconds; the run reads up to and including its own instant.
        var now = Now.AddTicks(ticksPastTheMillisecond);
        _store.Append([new MeterReading { MeterId = "E1", Protocol = MeterProtocol.DsmrP1, GatewayTime = now, Energy = new EnergyRegisters { ImportTotalWh = 99_999 } }]);
        var reader = new MeterHistoryReader(_store, _ => new DailySeriesOptions(), () => []);

        var history = Assert.Single(reader.ReadAll(LastDay.AddDays(-4), LastDay, now, rawDays: 1));

        // The 25 readings up to 24 November 00:00, then the one at the run's instant (stored at its millisecond).
        var readings = All(history);
        Assert.Equal(26, readings.Count);
        Assert.Equal(99_999, readings[^1].Energy.ImportTotalWh);
        Assert.Equal(Now, readings[^1].GatewayTime);
    }

    [Fact]
    public void One_scan_of_all_meters_gives_each_the_days_its_own_register_points_give()
    {
        // Three more meters stored interleaved every 20 min (so on every hour, where the scan steps) from 2026-11-19 18:00
        // to the run's instant: "A" in UTC drawing 100 Wh each time (7.2 kWh a day); "B" in UTC+05:30 (its days start at
        // 18:30 UTC) drawing 50 Wh, twice at each time (the second a repeat); "C" in UTC-03:00, ten minutes later each
        // time, drawing 30 Wh on a 100,000 Wh register that rolls over (at 2026-11-22 09:10 UTC), swapped at 12:20 for a
        // meter starting at 0 (the old one's last reading 940 Wh at 12:10, final 955; the new one's first 15 Wh at
        // 12:30). The scan starts at B's midnight, before A's and C's. E1's readings stay too.
        var plus0530 = TimeZoneInfo.CreateCustomTimeZone("UTC+05:30", TimeSpan.FromMinutes(330), "UTC+05:30", "UTC+05:30");
        var minus0300 = TimeZoneInfo.CreateCustomTimeZone("UTC-03:00", TimeSpan.FromHours(-3), "UTC-03:00", "UTC-03:00");
        var options = new Dictionary<string, DailySeriesOptions>(StringComparer.Ordinal)
        {
            ["A"] = new(),
            ["B"] = new() { TimeZone = plus0530 },
            ["C"] = new() { TimeZone = minus0300, RegisterModulusWh = 100_000 },
            ["E1"] = new(),
        };
        var swap = new DateTimeOffset(2026, 11, 22, 12, 20, 0, TimeSpan.Zero);
        MeterReplacement[] swaps = [new("C", swap, 955, 0)];
        var start = new DateTimeOffset(2026, 11, 19, 18, 0, 0, TimeSpan.Zero);
        var readings = new List<MeterReading>();
        for (var i = 0; start.AddMinutes(20 * i) <= Now; i++)
        {
            var at = start.AddMinutes(20 * i);
            MeterReading Register(string meter, DateTimeOffset at, long wh) =>
                new() { MeterId = meter, Protocol = MeterProtocol.DsmrP1, GatewayTime = at, Energy = new EnergyRegisters { ImportTotalWh = wh } };
            readings.Add(Register("A", at, 100L * i));
            readings.Add(Register("B", at, 50L * i));
            readings.Add(Register("B", at, 50L * i));
            var c = at.AddMinutes(10);
            readings.Add(Register("C", c, c < swap ? (95_000 + (30L * i)) % 100_000 : 15 + (30L * (i - 199))));
        }

        _store.Append(readings);
        var reader = new MeterHistoryReader(_store, m => options[m], () => swaps);

        var histories = reader.ReadAll(LastDay.AddDays(-3), LastDay, Now, rawDays: 4);

        Assert.Equal(["A", "B", "C", "E1"], histories.Select(h => h.MeterId));
        foreach (var history in histories)
        {
            // The per-meter path the reader took before: this meter's points alone, from its own first local midnight.
            var from = new LocalDays(options[history.MeterId].TimeZone).StartOf(LastDay.AddDays(-3));
            var alone = DailySeriesBuilder.Build(history.MeterId, _store.ImportRegister(history.MeterId, from, Now.AddTicks(1)), swaps, LastDay.AddDays(-3), LastDay, options[history.MeterId]);
            Assert.Equal(alone.Kwh, history.Daily.Kwh);
            Assert.Equal(alone.Anomalies, history.Daily.Anomalies);
            Assert.Equal(from, history.Readings.From);
        }

        // 20..23 November: A 72 x 100 Wh a day; B 72 x 50 Wh, but its first day is missing: its raw readings start at its
        // own midnight (19 November 18:30 UTC), and the first, at 18:40, leaves 10 minutes uncovered; C 72 x 30 Wh, but its
        // first day is missing too (its first reading read is at 03:10 UTC, although the scan has its 02:50 one) and its
        // 23 November ends at 03:00 UTC, after the run.
        Assert.Equal([7.2f, 7.2f, 7.2f, 7.2f], histories[0].Daily.Kwh);
        Assert.Equal([float.NaN, 3.6f, 3.6f, 3.6f], histories[1].Daily.Kwh);
        Assert.Equal([float.NaN, 2.16f, 2.16f, float.NaN], histories[2].Daily.Kwh);
        Assert.Empty(histories[2].Daily.Anomalies); // the rollover and the declared swap explain both drops
    }

    private static List<MeterReading> All(MeterHistory history) => [.. history.Readings.Between(DateTimeOffset.MinValue, DateTimeOffset.MaxValue)];

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
