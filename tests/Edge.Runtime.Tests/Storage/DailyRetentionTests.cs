using Edge.Runtime.Daily;
using Edge.Runtime.Models;
using Edge.Runtime.Storage;
using Edge.Runtime.Tests.Models;
using Edge.Runtime.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Tests.Storage;

/// <summary>
/// Daily retention never deletes what the models in use need: the configured days, raised to the window plus one day
/// of the active model and of the rollback candidate, asked at every upkeep pass.
/// </summary>
public sealed class DailyRetentionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-retention-").FullName;

    private string DatabasePath => Path.Combine(_dir, "gateway.db");

    [Theory]
    // No model: the configured 3 days, so days before Jan 11 - 3 = Jan 8 go (Jan 1..7, 7 values).
    [InlineData(3, 0, 3, 8)]
    // A 5-day window: a run on Jan 11 scores yesterday-4..yesterday = Jan 6..10; kept are 5 + 1 = 6 days, from
    // Jan 11 - 6 = Jan 5 (Jan 1..4 go, 4 values).
    [InlineData(3, 5, 6, 5)]
    // A configured retention longer than the window wins: 8 days, from Jan 3 (Jan 1..2 go).
    [InlineData(8, 5, 8, 3)]
    public void A_pass_keeps_the_configured_days_or_the_models_window_and_a_day_whichever_is_longer(int configuredDays, int windowDays, int expectedRetention, int firstKeptDay)
    {
        using var stores = Stores.Open(DatabasePath);
        var first = new DateOnly(2026, 1, 1);
        stores.Daily.Upsert(new DailySeries("m1", first, [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f], [])); // Jan 1..10
        var maintenance = stores.Maintenance(configuredDays, () => windowDays);

        var result = maintenance.RunOnce(new DateTimeOffset(2026, 1, 11, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(expectedRetention, result.DailyRetentionDays);
        Assert.Equal(firstKeptDay - 1, result.DailyDeleted);
        var kwh = stores.Daily.Read("m1", first, new DateOnly(2026, 1, 10)).Kwh;
        Assert.All(kwh[..(firstKeptDay - 1)], k => Assert.True(float.IsNaN(k)));
        Assert.Equal(Enumerable.Range(firstKeptDay, 11 - firstKeptDay).Select(d => (float)d), kwh[(firstKeptDay - 1)..]);
        if (windowDays > 0)
        {
            // What ScoringRun reads: the window ending yesterday, every day of it still known.
            var yesterday = new DateOnly(2026, 1, 10);
            Assert.DoesNotContain(stores.Daily.Read("m1", yesterday.AddDays(1 - windowDays), yesterday).Kwh, float.IsNaN);
        }
    }

    [Fact]
    public async Task A_longer_window_installed_later_extends_retention_and_a_rollback_candidate_keeps_its_own()
    {
        using var delivery = new ModelDeliveryFixture();
        using var installer = delivery.Open();
        using var stores = Stores.Open(DatabasePath);
        var first = new DateOnly(2026, 1, 1);
        var last = new DateOnly(2026, 3, 9);
        stores.Daily.Upsert(new DailySeries("m1", first, [.. Enumerable.Range(1, 68).Select(d => (float)d)], [])); // Jan 1..Mar 9: 31 + 28 + 9 days
        var maintenance = stores.Maintenance(configuredDays: 30, () => installer.WindowDaysNeeded);
        Assert.True((await ModelDeliveryFixture.Install(installer, TestBundles.Gateway(delivery.Key, 1, windowDays: 56).Bytes)).Activated);

        // Window 56: 57 days kept before Mar 10, from Jan 12 (Mar 10 - 28 = Feb 10, - 56 = Jan 13, - 57 = Jan 12).
        // Jan 1..11 go: 11 values. The configured 30 would have kept only from Feb 8.
        var pass = maintenance.RunOnce(new DateTimeOffset(2026, 3, 10, 1, 0, 0, TimeSpan.Zero));
        Assert.Equal((57, 11L), (pass.DailyRetentionDays, pass.DailyDeleted));
        Assert.Equal(new DateOnly(2026, 1, 12), FirstKnown(stores.Daily, first, last));

        // Window 63 installed: 64 days from Mar 11 - 64 = Jan 6; nothing goes (the window-56 rule would delete Jan 12).
        Assert.True((await ModelDeliveryFixture.Install(installer, TestBundles.Gateway(delivery.Key, 2, windowDays: 63).Bytes)).Activated);
        pass = maintenance.RunOnce(new DateTimeOffset(2026, 3, 11, 1, 0, 0, TimeSpan.Zero));
        Assert.Equal((64, 0L), (pass.DailyRetentionDays, pass.DailyDeleted));
        Assert.Equal(new DateOnly(2026, 1, 12), FirstKnown(stores.Daily, first, last));

        // Window 56 installed after it: the 63-day model is the rollback candidate, so 64 days are still kept: from
        // Mar 20 - 64 = Jan 15 (Mar 20 - 28 = Feb 20, - 56 = Jan 23, - 64 = Jan 15); Jan 12..14 go.
        Assert.True((await ModelDeliveryFixture.Install(installer, delivery.Bundle(3))).Activated);
        Assert.Equal(56, installer.Active!.Manifest.FeatureSpec.WindowDays);
        pass = maintenance.RunOnce(new DateTimeOffset(2026, 3, 20, 1, 0, 0, TimeSpan.Zero));
        Assert.Equal((64, 3L), (pass.DailyRetentionDays, pass.DailyDeleted));
        Assert.Equal(new DateOnly(2026, 1, 15), FirstKnown(stores.Daily, first, last));
    }

    private static DateOnly FirstKnown(DailyEnergyStore daily, DateOnly first, DateOnly last)
    {
        var kwh = daily.Read("m1", first, last).Kwh;
        return first.AddDays(Array.FindIndex(kwh, k => !float.IsNaN(k)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The three stores a pass works on, in one database file; no meters configured, so a pass aggregates nothing.</summary>
    private sealed class Stores(ReadingStore readings, DailyEnergyStore daily, MeterReplacementStore replacements) : IDisposable
    {
        public DailyEnergyStore Daily => daily;

        public static Stores Open(string path) => new(
            ReadingStore.Open(new ReadingStoreOptions { DatabasePath = path }),
            DailyEnergyStore.Open(path),
            MeterReplacementStore.Open(new MeterReplacementStoreOptions { DatabasePath = path, MeterIds = ["m1"] }));

        public StoreMaintenance Maintenance(int configuredDays, Func<int> windowDays) =>
            new(readings, daily, replacements, new StoreMaintenanceOptions { Meters = [], DailyRetentionDays = configuredDays, ModelWindowDays = windowDays });

        public void Dispose()
        {
            replacements.Dispose();
            daily.Dispose();
            readings.Dispose();
        }
    }
}
