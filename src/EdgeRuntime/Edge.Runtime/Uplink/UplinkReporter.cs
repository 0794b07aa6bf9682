using System.Text.Json;
using Edge.Runtime.Alerts;
using Edge.Runtime.Uplink.Payloads;

namespace Edge.Runtime.Uplink;

/// <summary>
/// What the other stages call to send something to the fleet: turns a report into its JSON and enqueues it durably on
/// its topic. Returning means the report will reach the broker eventually (or be counted as dropped by the bounds).
/// </summary>
public sealed class UplinkReporter(Outbox outbox, UplinkTopics topics)
{
    public long ReportAlert(Alert alert) =>
        outbox.Enqueue(topics.Alerts, JsonSerializer.SerializeToUtf8Bytes(AlertReport.From(alert), UplinkJsonContext.Default.AlertReport), OutboxKind.Alert);

    public long ReportDailySummary(DailySummaryReport summary) =>
        outbox.Enqueue(topics.DailySummaries, JsonSerializer.SerializeToUtf8Bytes(summary, UplinkJsonContext.Default.DailySummaryReport), OutboxKind.DailySummary);

    /// <summary>Enqueues the report with the outbox's current backlog and drop counters filled in.</summary>
    public long ReportHealth(HealthReport health)
    {
        ArgumentNullException.ThrowIfNull(health);
        var filled = health with { Outbox = new OutboxHealth(outbox.Count, outbox.Drops()) };
        return outbox.Enqueue(topics.Health, JsonSerializer.SerializeToUtf8Bytes(filled, UplinkJsonContext.Default.HealthReport), OutboxKind.Health);
    }
}
