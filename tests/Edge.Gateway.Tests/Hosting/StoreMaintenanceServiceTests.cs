using System.Text;
using Edge.Gateway.Hosting;
using Edge.Gateway.Tests.Api;
using Edge.Gateway.Tests.Support;
using Edge.Runtime.Config;
using Edge.Runtime.Daily;
using Edge.Runtime.Health;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Gateway.Tests.Hosting;

/// <summary>The daemon's upkeep service: the "retention" fault and its recovery, and the models' window reaching retention.</summary>
public sealed class StoreMaintenanceServiceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-upkeep-").FullName;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 10, 1, 0, 0, TimeSpan.Zero));

    private readonly FakeModelProvider _models = new();

    private GatewayConfig Config(int dailyRetentionDays = 1100) => GatewayConfigLoader.Parse(
        Encoding.UTF8.GetBytes($$"""
            {
              "gatewayId": "gw-upkeep",
              "dataDirectory": "data",
              "meters": [ { "id": "house", "protocol": "dsmr", "device": "/dev/null" } ],
              "storage": { "dailyRetentionDays": {{dailyRetentionDays}} }
            }
            """),
        "test.json",
        _dir);

    private StoreMaintenanceService Service(GatewayConfig config, FaultBoard faults) =>
        new(config, _models, faults, _time, NullLogger<StoreMaintenanceService>.Instance);

    [Theory]
    [InlineData("database")] // gateway.db is not a SQLite file: SqliteException (SQLITE_NOTADB)
    [InlineData("directory")] // the data directory is a file: IOException
    public async Task A_failing_pass_is_the_retention_fault_and_the_next_period_clears_it(string broken)
    {
        var config = Config();
        var blocker = broken == "database" ? config.DatabasePath : config.DataPath;
        Directory.CreateDirectory(Path.GetDirectoryName(blocker)!);
        File.WriteAllBytes(blocker, Encoding.ASCII.GetBytes(new string('x', 4096)));
        var faults = new FaultBoard(_time);
        using var service = Service(config, faults);

        await service.StartAsync(CancellationToken.None);
        await Condition.WaitUntil(() => faults.Has(StoreMaintenanceService.Component), "the first pass reports the fault");
        var fault = Assert.Single(faults.Snapshot());
        Assert.StartsWith("daily aggregation or retention failed: ", fault.Message, StringComparison.Ordinal);

        File.Delete(blocker);
        _time.Advance(StoreMaintenanceService.Period);
        await Condition.WaitUntil(() => !faults.Has(StoreMaintenanceService.Component), "the pass an hour later clears it");
        await service.StopAsync(CancellationToken.None);

        using var daily = DailyEnergyStore.Open(config.DatabasePath); // the recovered pass created a usable store
        Assert.Null(daily.LastDay("house"));
    }

    [Fact]
    public void Each_pass_keeps_the_active_models_window_and_a_day_and_the_configured_days_without_a_model()
    {
        var config = Config(dailyRetentionDays: 3);
        Directory.CreateDirectory(config.DataPath);
        var first = new DateOnly(2026, 1, 1);
        using (var daily = DailyEnergyStore.Open(config.DatabasePath))
        {
            daily.Upsert(new DailySeries("house", first, [.. Enumerable.Range(1, 68).Select(d => (float)d)], [])); // Jan 1..Mar 9
        }

        var faults = new FaultBoard(_time);
        using var service = Service(config, faults);

        // A model with a 28-day window (FakeModelProvider.Model): 29 days before Mar 10 are kept, from Feb 9
        // (Mar 10 - 28 = Feb 10); Jan 1..Feb 8 go.
        _models.Active = FakeModelProvider.Model("gateway-theft", 1);
        service.RunPass();
        Assert.Equal(new DateOnly(2026, 2, 9), FirstKnown(config, first));

        // Without a model the configured 3 days apply: from Mar 10 - 3 = Mar 7.
        _models.Active = null;
        service.RunPass();
        Assert.Equal(new DateOnly(2026, 3, 7), FirstKnown(config, first));
        Assert.Empty(faults.Snapshot());
    }

    private static DateOnly FirstKnown(GatewayConfig config, DateOnly first)
    {
        using var daily = DailyEnergyStore.Open(config.DatabasePath);
        var kwh = daily.Read("house", first, new DateOnly(2026, 3, 9)).Kwh;
        return first.AddDays(Array.FindIndex(kwh, k => !float.IsNaN(k)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
