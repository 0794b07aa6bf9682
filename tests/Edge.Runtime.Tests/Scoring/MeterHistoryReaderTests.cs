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

    private static List<MeterReading> All(MeterHistory history) => [.. history.Readings.Between(DateTimeOffset.MinValue, DateTimeOffset.MaxValue)];

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
