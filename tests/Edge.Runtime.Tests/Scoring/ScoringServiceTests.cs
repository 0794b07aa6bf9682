using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Daily;
using Edge.Runtime.Health;
using Edge.Runtime.Rules;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Runtime.Tests.Scoring;

public sealed class ScoringServiceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-service-").FullName;

    [Theory]
    [InlineData("2026-11-24T01:00:00Z", "2026-11-24T02:00:00+00:00")] // later today
    [InlineData("2026-11-24T02:00:00Z", "2026-11-25T02:00:00+00:00")] // exactly due: the next one is tomorrow
    [InlineData("2026-11-24T02:00:01Z", "2026-11-25T02:00:00+00:00")]
    public void The_next_daily_run_is_the_next_local_time_of_day(string now, string expected)
    {
        var next = ScoringSchedule.NextAfter(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(2, 0), TimeZoneInfo.Utc);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void Daylight_saving_days_run_at_the_local_time_or_just_after_the_skipped_hour()
    {
        var amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

        // 29 March 2026: clocks jump from 02:00 CET to 03:00 CEST, so 02:30 does not exist; 03:00 CEST = 01:00Z.
        var spring = ScoringSchedule.NextAfter(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), new TimeOnly(2, 30), amsterdam);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), spring);

        // 25 October 2026: 02:30 happens twice; the first (CEST, +02:00) is 00:30Z.
        var autumn = ScoringSchedule.NextAfter(new DateTimeOffset(2026, 10, 24, 23, 0, 0, TimeSpan.Zero), new TimeOnly(2, 30), amsterdam);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), autumn);

        // An ordinary winter day: 02:00 CET = 01:00Z.
        var winter = ScoringSchedule.NextAfter(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), new TimeOnly(2, 0), amsterdam);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero), winter);
    }

    [Fact]
    public async Task Runs_at_the_daily_time_on_the_fake_clock_and_on_demand()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));
        var path = Path.Combine(_dir, "gateway.db");
        using var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = path });
        using var alerts = AlertStore.Open(new AlertStoreOptions { DatabasePath = path });
        var faults = new FaultBoard(time);
        var options = new ScoringOptions { DailyAt = new TimeOnly(2, 0) };
        var run = new ScoringRun(
            new MeterHistoryReader(store, _ => new DailySeriesOptions(), () => []),
            LocalRules.Create(new RulesConfig(), []),
            new MeterScoring(alerts, faults, options),
            new RecordingModelProvider(),
            alerts,
            options,
            time);
        var status = new ScoringStatus();
        var completed = new TaskCompletionSource<ScoringRunReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        status.RunCompleted += (_, report) => completed.TrySetResult(report);
        using var service = new ScoringService(run, status, faults, options, time, NullLogger<ScoringService>.Instance);

        await service.StartAsync(CancellationToken.None);
        // The service starts its loop on a thread of its own; wait (generously) until its timer is set.
        Assert.True(SpinWait.SpinUntil(() => status.NextRunAt is not null, TimeSpan.FromSeconds(30)));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero), status.NextRunAt);
        Assert.Null(status.Last);
        time.Advance(TimeSpan.FromMinutes(59));
        Assert.False(completed.Task.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));
        var daily = await completed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero), daily.StartedAt);

        time.Advance(TimeSpan.FromHours(3));
        var onDemand = await service.ScoreNowAsync();

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero), onDemand.StartedAt);
        Assert.Equal(2, status.Runs);
        Assert.Same(onDemand, status.Last);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_run_that_cannot_read_the_store_reports_the_scoring_fault_and_a_good_run_clears_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));
        var path = Path.Combine(_dir, "gateway.db");
        using var alerts = AlertStore.Open(new AlertStoreOptions { DatabasePath = path });
        var faults = new FaultBoard(time);
        var options = new ScoringOptions();
        var broken = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = path });
        broken.Dispose();
        ScoringService Service(ReadingStore store) => new(
            new ScoringRun(
                new MeterHistoryReader(store, _ => new DailySeriesOptions(), () => []),
                LocalRules.Create(new RulesConfig(), []),
                new MeterScoring(alerts, faults, options),
                new RecordingModelProvider(),
                alerts,
                options,
                time),
            new ScoringStatus(),
            faults,
            options,
            time,
            NullLogger<ScoringService>.Instance);

        using (var failing = Service(broken))
        {
            await Assert.ThrowsAnyAsync<InvalidOperationException>(() => failing.ScoreNowAsync());
        }

        Assert.True(faults.Has(ScoringService.FaultComponent));

        using var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = path });
        using var working = Service(store);
        await working.ScoreNowAsync();

        Assert.False(faults.Has(ScoringService.FaultComponent));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
