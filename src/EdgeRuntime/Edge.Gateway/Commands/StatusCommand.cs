using System.CommandLine;
using System.Globalization;
using Edge.Gateway.Api;
using Edge.Runtime.Models;
using Edge.Runtime.Uplink;

namespace Edge.Gateway.Commands;

/// <summary><c>edge status</c>: the running daemon's model, meters, open alerts, faults, fleet uplink and model delivery.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var options = new DaemonOptions();
        var command = new Command(
            "status",
            "Show the running gateway daemon's status: model, meters, open alerts, faults, fleet uplink (connected, messages waiting, "
            + "last acknowledged publish) and model delivery (last rollback, bundles activated and refused since start).");
        options.AddTo(command);
        command.SetAction((parse, cancel) => options.RunAsync(parse, async (daemon, json) =>
        {
            var answer = await daemon.GetAsync("api/status", ApiJson.Default.GatewayStatus, cancel).ConfigureAwait(false);
            Console.Out.Write(json ? answer.Json + "\n" : Render(answer.Value));
            return 0;
        }));
        return command;
    }

    public static string Render(GatewayStatus s)
    {
        var table = new TextTable("", "");
        table.Add("gateway", s.GatewayId);
        table.Add("up", $"{HumanFormat.Duration(s.UptimeSeconds)} (since {HumanFormat.Time(s.StartedAt)})");
        table.Add("model", s.Model ?? "none installed (local rules only)");
        table.Add("meters", $"{s.Meters.Configured} configured, {s.Meters.Reporting} reporting, {s.Meters.Faulty} with a fault");
        table.Add("open alerts", N(s.AlertsOpen));
        if (s.DailyRetentionDays is { } kept)
        {
            table.Add("daily kWh kept", $"{N(kept)} days");
        }

        table.Add("faults", s.Faults.Count == 0 ? "none" : string.Join("; ", s.Faults.Select(f => $"{f.Component}: {f.Message} (since {HumanFormat.Time(f.Since)})")));
        AddUplink(table, s.Uplink);
        if (s.ModelDelivery is { } counts)
        {
            AddModelDelivery(table, s.LastRollback, counts);
        }

        // The two-column table has an empty header line; drop it.
        var text = table.ToString();
        return text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..];
    }

    /// <summary>What a technician needs to judge whether the fleet gets the gateway's findings: link, backlog, last broker acknowledgement.</summary>
    private static void AddUplink(TextTable table, UplinkStatus? uplink)
    {
        if (uplink is null)
        {
            table.Add("uplink", "not configured");
            return;
        }

        table.Add("uplink", uplink.Connected
            ? $"connected (since {HumanFormat.Time(uplink.LastConnectedAt)})"
            : $"NOT connected ({N(uplink.ConnectAttempts)} connect attempts since start, last connected {HumanFormat.Time(uplink.LastConnectedAt)})");
        table.Add("  waiting", uplink.Queued == 0
            ? "no messages"
            : $"{N(uplink.Queued)} messages, the oldest for {HumanFormat.Duration(uplink.OldestQueuedAgeSeconds)} (queued {HumanFormat.Time(uplink.OldestQueuedAt)})");
        table.Add("  published", uplink.LastPublishedAt is { } published
            ? $"last acknowledged by the broker {HumanFormat.Time(published)}, {N(uplink.Sent)} since start"
            : "nothing acknowledged by the broker since start");
        var dropped = uplink.Dropped;
        if (dropped.Alerts + dropped.DailySummaries + dropped.Health > 0)
        {
            table.Add("  dropped", $"{N(dropped.Alerts)} alerts, {N(dropped.DailySummaries)} daily summaries, {N(dropped.Health)} health reports (outbox full)");
        }

        if (uplink.LastError is { } error)
        {
            table.Add("  last error", $"{error} ({HumanFormat.Time(uplink.LastErrorAt)})");
        }
    }

    private static void AddModelDelivery(TextTable table, RollbackRecord? rollback, ModelDeliveryCounts counts)
    {
        if (rollback is null)
        {
            table.Add("rollback", "none");
        }
        else
        {
            var kind = rollback.Kind == RollbackKind.Automatic ? "automatic" : "by an operator";
            table.Add("rollback", $"{kind}, from {rollback.From} to {rollback.To ?? "no model"} at {HumanFormat.Time(rollback.AtUtc)}");
            table.Add("  reason", rollback.Reason);
        }

        table.Add("bundles", $"since start: {N(counts.Activated)} activated, {N(counts.Rejected)} refused, "
            + $"{N(counts.AutomaticRollbacks)} automatic and {N(counts.OperatorRollbacks)} operator rollbacks");
        if (counts.RejectedByReason.Count > 0)
        {
            table.Add("  refused", string.Join(", ", counts.RejectedByReason.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {N(r.Value)}")));
        }
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
