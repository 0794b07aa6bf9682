using System.Globalization;
using Edge.MeterAdapter.Readings;
using Edge.Runtime.Alerts;

namespace Edge.Runtime.Rules;

/// <summary>
/// A burst of one of the meter's event counters (tamper or power failures) in the hours before the run: the sum of
/// the counter's increments between consecutive readings, counted from the last reading before the window. A counter
/// that goes down (a meter reset) starts a new baseline instead of counting negative.
/// <paramref name="detail"/> adds what else the meter recorded about the window to the evidence (or null for nothing).
/// </summary>
public sealed class EventBurstRule(
    AlertKind kind,
    string counterName,
    Func<MeterEvents, int?> counter,
    EventBurstThresholds thresholds,
    Func<MeterHistory, DateTimeOffset, DateTimeOffset, string?>? detail = null) : IMeterRule
{
    public static EventBurstRule Tamper(EventBurstThresholds thresholds) =>
        new(AlertKind.TamperBurst, "tamper", e => e.TamperEvents, thresholds);

    /// <summary>The counter of failures in any phase (DSMR 0-0:96.7.21); the long-failure log's durations go in the evidence.</summary>
    public static EventBurstRule PowerFailures(EventBurstThresholds thresholds) =>
        new(AlertKind.PowerFailureBurst, "power-failure", e => e.PowerFailures, thresholds, PowerFailureLogEvidence.Describe);

    public string Name => counterName + "-burst";

    public int LookbackDays => (int)Math.Ceiling(thresholds.WindowHours / 24) + 1;

    public IEnumerable<Alert> Evaluate(RuleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var windowStart = input.Now - TimeSpan.FromHours(thresholds.WindowHours);
        foreach (var (meterId, history) in input.Meters.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var counted = history.Readings
                .Where(r => r.GatewayTime <= input.Now && counter(r.Events) is not null)
                .Select(r => (r.GatewayTime, Count: counter(r.Events)!.Value))
                .ToList();
            if (counted.Count < 2)
            {
                continue;
            }

            var start = counted.FindLastIndex(c => c.GatewayTime < windowStart);
            if (start < 0)
            {
                start = 0;
            }

            var events = 0;
            for (var i = start + 1; i < counted.Count; i++)
            {
                events += Math.Max(0, counted[i].Count - counted[i - 1].Count);
            }

            if (events < thresholds.MinimumEvents)
            {
                continue;
            }

            var evidence = string.Create(
                CultureInfo.InvariantCulture,
                $"{counterName} counter rose by {events} in the {thresholds.WindowHours:0.#} h before {input.Now:yyyy-MM-dd HH:mm} ({counted[start].Count} at {counted[start].GatewayTime:yyyy-MM-dd HH:mm}, {counted[^1].Count} at {counted[^1].GatewayTime:yyyy-MM-dd HH:mm}); threshold {thresholds.MinimumEvents}");
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
