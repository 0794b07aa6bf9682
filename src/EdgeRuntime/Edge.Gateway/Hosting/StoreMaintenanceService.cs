using Edge.Runtime.Config;
using Edge.Runtime.Daily;
using Edge.Runtime.Health;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Hosting;

/// <summary>
/// Runs <see cref="StoreMaintenance"/> at start and then every <see cref="Period"/> on its own connections: daily kWh
/// for the model window (with the declared meter replacements; days of newly declared ones are recomputed), then raw
/// and daily retention in small transactions so the writer is never held up for long. Daily retention is asked of
/// <paramref name="models"/> at every pass, so it never drops below the window of the active or the fallback model.
/// A failing pass is the fault "retention" and is retried at the next period.
/// </summary>
internal sealed partial class StoreMaintenanceService(
    GatewayConfig config, IModelProvider models, FaultBoard faults, TimeProvider time, ILogger<StoreMaintenanceService> log)
    : BackgroundService
{
    public const string Component = "retention";

    public static readonly TimeSpan Period = TimeSpan.FromHours(1);

    /// <summary>Kept across passes, so each pass reads only the raw readings that can still change a day.</summary>
    private readonly AggregationProgress _progress = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the first pass may have a long backlog.
        await Task.Yield();
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            do
            {
                RunPass();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One pass; a failure is the fault <see cref="Component"/> until a pass succeeds (internal for the tests).</summary>
    internal void RunPass()
    {
        try
        {
            Directory.CreateDirectory(config.DataPath);
            using var readings = ReadingStore.Open(new ReadingStoreOptions
            {
                DatabasePath = config.DatabasePath,
                RawRetention = TimeSpan.FromDays(config.Storage.RawRetentionDays),
            });
            using var daily = DailyEnergyStore.Open(config.DatabasePath);
            using var replacements = MeterReplacementStore.Open(new MeterReplacementStoreOptions
            {
                DatabasePath = config.DatabasePath,
                MeterIds = [.. config.Meters.Select(m => m.Id)],
                DailySeries = new DailySeriesOptions { TimeZone = config.Zone, MaxAttributableGap = config.Storage.MaxGap },
            });
            var maintenance = new StoreMaintenance(readings, daily, replacements, new StoreMaintenanceOptions
            {
                Meters = [.. config.Meters.Select(m => new MeterRegister(m.Id, m.RegisterModulusWh))],
                TimeZone = config.Zone,
                DailyRetentionDays = config.Storage.DailyRetentionDays,
                ModelWindowDays = () => models.WindowDaysNeeded,
                MaxGap = config.Storage.MaxGap,
                Progress = _progress,
            });
            var result = maintenance.RunOnce(time.GetUtcNow());
            faults.Clear(Component);
            LogPass(log, result.DaysWritten, result.RawDeleted, result.DailyDeleted, result.DailyRetentionDays);
        }
        catch (Exception e) when (e is SqliteException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            faults.Report(Component, $"daily aggregation or retention failed: {e.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "store upkeep: {Days} days aggregated, {Raw} raw readings and {Daily} daily values past retention ({DailyRetentionDays} days) deleted")]
    private static partial void LogPass(ILogger logger, long days, long raw, long daily, int dailyRetentionDays);
}
