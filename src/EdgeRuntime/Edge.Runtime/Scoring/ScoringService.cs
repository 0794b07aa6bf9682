using Edge.Runtime.Health;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Runtime.Scoring;

/// <summary>
/// Runs <see cref="ScoringRun"/> once a day at the configured local time (on the injected <see cref="TimeProvider"/>)
/// and whenever the API asks (<see cref="ScoreNowAsync"/>). Runs never overlap. A run that fails as a whole (the store
/// cannot be read, an alert cannot be stored) reports the "scoring" fault until a run succeeds; the daemon keeps going.
/// </summary>
public sealed partial class ScoringService(
    ScoringRun run, ScoringStatus status, FaultBoard faults, ScoringOptions options, TimeProvider time, ILogger<ScoringService> logger)
    : BackgroundService
{
    /// <summary>The <see cref="FaultBoard"/> component of whole-run failures.</summary>
    public const string FaultComponent = "scoring";

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Runs rules and model over all meters now (after a run in progress), and returns the run's report.</summary>
    public async Task<ScoringRunReport> ScoreNowAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var report = await Task.Run(run.Execute, cancellationToken).ConfigureAwait(false);
            faults.Clear(FaultComponent);
            status.Record(report);
            LogRun(report.Meters, report.Model.MetersScored, report.Model.AlertsRaised + report.RuleAlerts, report.Duration.TotalMilliseconds, report.Model.Failure ?? "none");
            return report;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            faults.Report(FaultComponent, e.Message);
            LogRunFailed(e);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var due = ScoringSchedule.NextAfter(now, options.DailyAt, options.TimeZone);
            try
            {
                var wait = Task.Delay(due - now, time, stoppingToken);
                status.NextRunAt = due; // set once the timer exists, so whoever sees it can advance a fake clock past it
                await wait.ConfigureAwait(false);
                await ScoreNowAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Already on the fault board and logged; the next daily run tries again.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scoring run: {Meters} meters, {Scored} scored, {Alerts} findings, {Milliseconds:F0} ms, model failure: {Failure}")]
    private partial void LogRun(int meters, int scored, int alerts, double milliseconds, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scoring run failed")]
    private partial void LogRunFailed(Exception exception);
}
