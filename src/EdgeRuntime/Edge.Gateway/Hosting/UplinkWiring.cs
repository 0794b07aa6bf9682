using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Edge.Runtime.Models;
using Edge.Runtime.Scoring;
using Edge.Runtime.Uplink;
using Edge.Runtime.Uplink.Payloads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Hosting;

/// <summary>
/// The fleet uplink in the daemon (docs/uplink.md): runs <see cref="UplinkService"/> for the life of the host and
/// feeds its outbox: every alert the store raises, a daily summary after each scoring run, a health report every
/// <see cref="HealthInterval"/> of gateway time and at once for each model delivery event. Bundles announced on the
/// model topic go to the same <see cref="ModelInstaller"/> as the CLI, API and inbox. Reporting never fails a stage: an
/// outbox that cannot be written is shown as the "uplink" fault and the stage carries on (its data stays local).
/// </summary>
internal sealed partial class UplinkWiring(
    UplinkService uplink,
    UplinkReporter reporter,
    AlertStore alerts,
    ScoringStatus scoring,
    ModelInstaller models,
    FaultBoard faults,
    MeterStatusBoard meters,
    GatewayConfig config,
    TimeProvider time,
    ILogger<UplinkWiring> log) : BackgroundService
{
    /// <summary>The <see cref="FaultBoard"/> component of a failed enqueue.</summary>
    public const string FaultComponent = "uplink";

    public static readonly TimeSpan HealthInterval = TimeSpan.FromMinutes(15);

    private readonly Lock _readingsGate = new();
    private DateTimeOffset _startedAt;
    private long _readingsReported;

    /// <summary>Subscribes before returning (ExecuteAsync runs later, on the thread pool): no alert raised after start is missed.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _startedAt = time.GetUtcNow();
        alerts.AlertRaised += OnAlertRaised;
        scoring.RunCompleted += OnScoringRun;
        models.Changed += OnModelEvent;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var run = uplink.RunAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Report(() => reporter.ReportHealth(Health(null)), "health report");
                await Task.Delay(HealthInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            alerts.AlertRaised -= OnAlertRaised;
            scoring.RunCompleted -= OnScoringRun;
            models.Changed -= OnModelEvent;
            await run.ConfigureAwait(false);
        }
    }

    // New and folded alerts alike: a folded one is sent again under its id with the newest evidence.
    private void OnAlertRaised(object? sender, AlertRaisedEventArgs e) => Report(() => reporter.ReportAlert(e.Alert), $"alert {e.Alert.Id}");

    private void OnScoringRun(object? sender, ScoringRunReport run) => Report(() => reporter.ReportDailySummary(Summary(run)), "daily summary");

    private void OnModelEvent(object? sender, ModelDeliveryEvent e) =>
        Report(() => reporter.ReportHealth(Health(new ModelEventReport(e.Kind, e.Label, e.Reason, e.Message, e.AtUtc, e.To))), $"model {e.Kind}");

    /// <summary>The run scores up to yesterday, the last complete local day (ScoringRun); that is the day summarised.</summary>
    private DailySummaryReport Summary(ScoringRunReport run)
    {
        var stored = meters.Snapshot().Sum(m => m.ReadingsStored);
        long since;
        lock (_readingsGate)
        {
            since = stored - _readingsReported;
            _readingsReported = stored;
        }

        return new DailySummaryReport
        {
            Day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(run.StartedAt, config.Zone).DateTime).AddDays(-1),
            Meters = run.Meters,
            MetersScored = run.Model.MetersScored,
            ReadingsStored = since,
            AlertsRaised = run.Model.AlertsRaised + run.RuleAlerts,
            ModelVersion = run.Model.ModelLabel,
        };
    }

    private HealthReport Health(ModelEventReport? modelEvent)
    {
        var now = time.GetUtcNow();
        var delivery = models.Status;
        return new HealthReport
        {
            At = now,
            UptimeSeconds = (long)Math.Max(0, (now - _startedAt).TotalSeconds),
            ModelVersion = models.Active?.Label,
            Meters = config.Meters.Count,
            Faults = faults.Snapshot(),
            ModelEvent = modelEvent,
            LastRollback = delivery.LastRollback,
            ModelDelivery = delivery.Counts,
        };
    }

    private void Report(Action enqueue, string what)
    {
        try
        {
            enqueue();
            faults.Clear(FaultComponent);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            faults.Report(FaultComponent, $"{what} not queued for the uplink: {e.Message}");
            LogNotQueued(log, what, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Uplink: {What} not queued")]
    private static partial void LogNotQueued(ILogger log, string what, Exception exception);
}

/// <summary>The daemon's registration of the fleet uplink: one line in <see cref="GatewayApp"/>; nothing without an "uplink" section.</summary>
internal static class UplinkRegistration
{
    public static IServiceCollection AddUplink(this IServiceCollection services, GatewayConfig config)
    {
        if (config.Uplink is null)
        {
            return services;
        }

        services.AddSingleton(sp =>
        {
            Directory.CreateDirectory(config.DataPath);
            return Outbox.Open(OutboxOptions.FromConfig(config), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp =>
        {
            var installer = sp.GetRequiredService<ModelInstaller>();
            return new UplinkService(
                UplinkOptions.FromConfig(config),
                sp.GetRequiredService<Outbox>(),
                (bundle, ct) => installer.InstallAsync(bundle, "mqtt", ct),
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp => new UplinkReporter(sp.GetRequiredService<Outbox>(), sp.GetRequiredService<UplinkService>().Topics));
        services.AddHostedService<UplinkWiring>();
        return services;
    }
}
