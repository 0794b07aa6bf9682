using System.Globalization;
using Edge.Runtime.Alerts;

namespace Edge.Runtime.Rules;

/// <summary>
/// A burst of one of the meter's event counters (tamper or power failures) in the hours before the run: the sum of
/// the counter's increments between consecutive readings, counted from the last reading before the window. A counter
/// that goes down (a meter reset) starts a new baseline instead of counting negative. Reads the window once and, for the
/// baseline, only as far back before it as the last reading with the counter.
/// <paramref name="detail"/> adds what else the meter recorded about the window to the evidence (or null for nothing).
/// </summary>
public sealed class EventBurstRule(
    AlertKind kind,
    string counterName,
    EventCounter counter,
    EventBurstThresholds thresholds,
    Func<MeterHistory, DateTimeOffset, DateTimeOffset, string?>? detail = null) : IMeterRule
{
    public static EventBurstRule Tamper(EventBurstThresholds thresholds) =>
        new(AlertKind.TamperBurst, "tamper", EventCounter.Tamper, thresholds);

    /// <summary>The counter of failures in any phase (DSMR 0-0:96.7.21); the long-failure log's durations go in the evidence.</summary>
    public static EventBurstRule PowerFailures(EventBurstThresholds thresholds) =>
        new(AlertKind.PowerFailureBurst, "power-failure", EventCounter.PowerFailures, thresholds, PowerFailureLogEvidence.Describe);

    public string Name => counterName + "-burst";

    public int LookbackDays => (int)Math.Ceiling(thresholds.WindowHours / 24) + 1;

    public int RawLookbackDays => LookbackDays;

    public IEnumerable<Alert> Evaluate(RuleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(thresholds.MinimumEvents, 1); // RulesConfig rejects less: a burst is at least one event
        var windowStart = input.Now - TimeSpan.FromHours(thresholds.WindowHours);
        foreach (var (meterId, history) in input.Meters.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var window = history.Readings.CounterRiseBetween(windowStart, input.Now.AddTicks(1), counter);
            if (window.Readings == 0)
            {
                continue; // nothing counted in the window: no increment (and MinimumEvents is at least 1)
            }

            // The baseline: the last reading before the window that has the counter; without one the window's first reading.
            var before = history.Readings.LastCountBefore(windowStart, counter);
            var (baselineTime, baseline) = before ?? window.First;
            if (before is null && window.Readings < 2)
            {
                continue;
            }

            var events = window.Events + (before is null ? 0 : Math.Max(0, window.First.Count - baseline));
            if (events < thresholds.MinimumEvents)
            {
                continue;
            }

            var evidence = string.Create(
                CultureInfo.InvariantCulture,
                $"{counterName} counter rose by {events} in the {thresholds.WindowHours:0.#} h before {input.Now:yyyy-MM-dd HH:mm} ({baseline} at {baselineTime:yyyy-MM-dd HH:mm}, {window.Last.Count} at {window.Last.Time:yyyy-MM-dd HH:mm}); threshold {thresholds.MinimumEvents}");
            yield return new Alert
            {
                MeterId = meterId,
                Kind = kind,
                RaisedAt = input.Now,
                Evidence = detail?.Invoke(history, windowStart, input.Now) is { } more ? evidence + "; " + more : evidence,
            };
        }
    }
}
