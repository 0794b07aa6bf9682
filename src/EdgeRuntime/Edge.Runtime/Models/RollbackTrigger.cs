using Edge.Runtime.Scoring;

namespace Edge.Runtime.Models;

/// <summary>
/// Decides from scoring runs when the active model is broken: <see cref="ModelDeliveryOptions.RollbackAfterFailedRuns"/>
/// failed runs in a row, or one run whose model-alert rate exceeds <see cref="ModelDeliveryOptions.MaxAlertRate"/>.
/// Thread-safe.
/// </summary>
public sealed class RollbackTrigger(ModelDeliveryOptions options)
{
    private readonly Lock _lock = new();
    private int _failedInARow;

    /// <summary>Null while the model is fine; otherwise the reason to roll it back.</summary>
    public string? Observe(ModelRunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_lock)
        {
            if (outcome.Failure is { } failure)
            {
                _failedInARow++;
                return _failedInARow >= options.RollbackAfterFailedRuns
                    ? $"{_failedInARow} scoring runs failed in a row (bound {options.RollbackAfterFailedRuns}); last: {failure}"
                    : null;
            }

            _failedInARow = 0;
            if (outcome.MetersScored >= options.AlertRateMinimumMeters
                && (double)outcome.AlertsRaised / outcome.MetersScored > options.MaxAlertRate)
            {
                return $"{outcome.AlertsRaised} model alerts for {outcome.MetersScored} meters scored in one run, above the bound of {options.MaxAlertRate:P0}";
            }

            return null;
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _failedInARow = 0;
        }
    }
}
