namespace Edge.Runtime.Scoring;

/// <summary>
/// What scoring has done, for the page, the API and the metrics to read (pull) at any time from any thread: the last
/// run's report and running totals. <see cref="RunCompleted"/> tells a histogram about every run's latency.
/// </summary>
public sealed class ScoringStatus
{
    private ScoringRunReport? _last;
    private readonly Lock _gate = new();
    private DateTimeOffset? _nextRunAt;
    private long _runs;
    private long _modelFailures;
    private long _alertsRaised;

    /// <summary>Raised after each run is recorded, on the scoring thread.</summary>
    public event EventHandler<ScoringRunReport>? RunCompleted;

    /// <summary>The latest run, or null before the first.</summary>
    public ScoringRunReport? Last => Volatile.Read(ref _last);

    /// <summary>When the latest run started; null before the first.</summary>
    public DateTimeOffset? LastRunAt => Last?.StartedAt;

    /// <summary>Label of the model the latest run used ("gateway-theft@3"); null when none was installed.</summary>
    public string? ModelLabel => Last?.Model.ModelLabel;

    /// <summary>When the next daily run is due; null until the scoring service has started.</summary>
    public DateTimeOffset? NextRunAt
    {
        get
        {
            lock (_gate)
            {
                return _nextRunAt;
            }
        }

        set
        {
            lock (_gate)
            {
                _nextRunAt = value;
            }
        }
    }

    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Runs whose model threw or gave a non-finite score.</summary>
    public long ModelFailures => Interlocked.Read(ref _modelFailures);

    /// <summary>Findings stored since the gateway started (model and rules, new or folded).</summary>
    public long AlertsRaised => Interlocked.Read(ref _alertsRaised);

    public void Record(ScoringRunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Volatile.Write(ref _last, report);
        Interlocked.Increment(ref _runs);
        Interlocked.Add(ref _alertsRaised, report.Model.AlertsRaised + report.RuleAlerts);
        if (report.Model.Failure is not null)
        {
            Interlocked.Increment(ref _modelFailures);
        }

        RunCompleted?.Invoke(this, report);
    }
}
