using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Daily;
using Edge.Runtime.Health;
using Edge.Runtime.Rules;
using Edge.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Edge.Runtime.Scoring;

/// <summary>
/// Registers scoring, the local rules and the alert store in the gateway host: one call in the host's composition.
/// Needs the host's <see cref="TimeProvider"/>, <see cref="FaultBoard"/> and logging; uses the registered
/// <see cref="IModelProvider"/> (model delivery) if there is one, otherwise scores with no model (rules only).
/// Exposes <see cref="AlertStore"/>, <see cref="MeterReplacementStore"/> (declared swaps, read by every run),
/// <see cref="ScoringStatus"/> and <see cref="ScoringService"/> (for ScoreNowAsync).
/// </summary>
public static class ScoringRegistration
{
    public static IServiceCollection AddScoring(this IServiceCollection services, GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        services.AddSingleton(_ =>
        {
            Directory.CreateDirectory(config.DataPath);
            return AlertStore.Open(new AlertStoreOptions { DatabasePath = config.DatabasePath });
        });
        services.AddSingleton(_ =>
        {
            Directory.CreateDirectory(config.DataPath);
            return MeterReplacementStore.Open(new MeterReplacementStoreOptions
            {
                DatabasePath = config.DatabasePath,
                MeterIds = [.. config.Meters.Select(m => m.Id)],
                DailySeries = new DailySeriesOptions { TimeZone = config.Zone, MaxAttributableGap = config.Storage.MaxGap },
            });
        });
        services.AddSingleton<ScoringStatus>();
        services.AddSingleton(_ => new ScoringOptions { DailyAt = config.Scoring.DailyTime, TimeZone = config.Zone });
        services.AddSingleton(_ =>
        {
            // Scoring reads through a connection of its own: the ingest writer owns its connection (one writer stage).
            Directory.CreateDirectory(config.DataPath);
            return new ScoringReadConnection(
                ReadingStore.Open(new ReadingStoreOptions { DatabasePath = config.DatabasePath }),
                DailyEnergyStore.Open(config.DatabasePath));
        });
        services.AddSingleton(sp => new ScoringService(Run(sp, config), sp.GetRequiredService<ScoringStatus>(), sp.GetRequiredService<FaultBoard>(), sp.GetRequiredService<ScoringOptions>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ScoringService>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ScoringService>());
        return services;
    }

    private static ScoringRun Run(IServiceProvider services, GatewayConfig config)
    {
        var options = services.GetRequiredService<ScoringOptions>();
        var alerts = services.GetRequiredService<AlertStore>();
        var faults = services.GetRequiredService<FaultBoard>();
        var read = services.GetRequiredService<ScoringReadConnection>();
        var replacements = services.GetRequiredService<MeterReplacementStore>();
        var meters = config.Meters.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var pairs = config.Meters
            .Where(m => m.S0?.PairedMeterId is not null)
            .Select(m => new MeterPair(m.Id, m.S0!.PairedMeterId!))
            .ToList();
        DailySeriesOptions SeriesOptions(string meterId) => new()
        {
            TimeZone = config.Zone,
            RegisterModulusWh = meters.TryGetValue(meterId, out var meter) ? meter.RegisterModulusWh : null,
            MaxAttributableGap = config.Storage.MaxGap,
        };

        return new ScoringRun(
            new MeterHistoryReader(read.Readings, SeriesOptions, replacements.Replacements, read.Days.Read, read.Lifetime),
            LocalRules.Create(config.Rules, pairs),
            new MeterScoring(alerts, faults, options),
            services.GetService<IModelProvider>() ?? NoModel.Instance,
            alerts,
            options,
            services.GetRequiredService<TimeProvider>());
    }

    /// <summary>
    /// The connections scoring reads raw readings and stored daily kWh through, disposed with the host. A run's rules
    /// stream raw readings through <see cref="Readings"/>, possibly still while the host stops (a run outlasting the
    /// shutdown timeout): disposing waits for a read in progress, and later reads fail with ObjectDisposedException.
    /// </summary>
    private sealed class ScoringReadConnection(ReadingStore readings, DailyEnergyStore days) : IDisposable
    {
        public ReadingStore Readings => readings;

        public DailyEnergyStore Days => days;

        public ReadingStoreLifetime Lifetime { get; } = new();

        public void Dispose()
        {
            Lifetime.Close();
            readings.Dispose();
            days.Dispose();
        }
    }

    private sealed class NoModel : IModelProvider
    {
        public static readonly NoModel Instance = new();

        public ScoringModel? Active => null;

        public void ReportOutcome(ScoringModel model, ModelRunOutcome outcome)
        {
        }
    }
}
