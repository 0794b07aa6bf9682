using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Edge.Gateway.Api;
using Edge.Runtime.Models;
using Edge.Runtime.Uplink;

namespace Edge.Gateway.Page;

/// <summary>
/// The overview's model-delivery and uplink sections: which model scores, the last rollback (what, when, why, which
/// versions), the bundles refused since start with their reasons, and whether the fleet is getting what the gateway
/// finds. Labels, reasons and messages come from bundles and the network, so all of it is HTML-encoded.
/// </summary>
internal static class DeliveryHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static void AppendModelDelivery(StringBuilder html, ModelStatus delivery)
    {
        var counts = delivery.Counts;
        html.Append("<section><h2>Model delivery</h2><p>Active ").Append(delivery.Active is null ? "<em>none</em>" : "<b>" + E(delivery.Active) + "</b>")
            .Append(" · kept to roll back to: ").Append(delivery.Previous is null ? "none" : E(delivery.Previous));
        if (delivery.HighestVersions.Count > 0)
        {
            html.Append(" · highest version seen: ")
                .AppendJoin(", ", delivery.HighestVersions.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => E(h.Key) + " " + N(h.Value)));
        }

        html.Append("</p>");
        if (delivery.LastRollback is { } rollback)
        {
            html.Append("<p class=\"rollback\"><b>Rolled back</b> (").Append(rollback.Kind == RollbackKind.Automatic ? "automatic" : "by an operator")
                .Append(") from <b>").Append(E(rollback.From)).Append("</b> to <b>").Append(rollback.To is null ? "no model" : E(rollback.To))
                .Append("</b> at ").Append(E(HumanFormat.Time(rollback.AtUtc))).Append(": ").Append(E(rollback.Reason)).Append("</p>");
        }

        html.Append("<p>Since start: ").Append(N(counts.Activated)).Append(" activated, ").Append(N(counts.Rejected)).Append(" refused, ")
            .Append(N(counts.AutomaticRollbacks)).Append(" automatic and ").Append(N(counts.OperatorRollbacks)).Append(" operator rollbacks.</p>");
        if (delivery.Rejected.Count > 0)
        {
            html.Append("<p>Never installed again (failed at run time):</p><ul>");
            foreach (var failed in delivery.Rejected.Reverse())
            {
                html.Append("<li><b>").Append(E(failed.Label)).Append("</b> ").Append(E(HumanFormat.Time(failed.AtUtc))).Append(": ").Append(E(failed.Message)).Append("</li>");
            }

            html.Append("</ul>");
        }

        if (delivery.RecentRejections.Count > 0)
        {
            html.Append("<table class=\"refused\"><tr><th>Refused</th><th>Bundle</th><th>From</th><th>Reason</th><th>Why</th></tr>");
            foreach (var refused in delivery.RecentRejections.Reverse())
            {
                html.Append("<tr><td>").Append(E(HumanFormat.Time(refused.AtUtc))).Append("</td><td>").Append(refused.Label is null ? "(not verified)" : E(refused.Label))
                    .Append("</td><td>").Append(E(refused.Source)).Append("</td><td>").Append(E(refused.Reason)).Append("</td><td>").Append(E(refused.Message)).Append("</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("</section>");
    }

    public static void AppendUplink(StringBuilder html, UplinkStatus uplink)
    {
        html.Append("<section><h2>Fleet uplink</h2><p>").Append(uplink.Connected ? "Connected" : "<b>Not connected</b>")
            .Append(" · ").Append(N(uplink.Queued)).Append(" waiting");
        if (uplink.OldestQueuedAt is not null)
        {
            html.Append(", oldest for ").Append(E(HumanFormat.Duration(uplink.OldestQueuedAgeSeconds)));
        }

        html.Append(" · last publish ").Append(E(HumanFormat.Time(uplink.LastPublishedAt)))
            .Append(" · ").Append(N(uplink.Sent)).Append(" sent since start");
        var dropped = uplink.Dropped;
        if (dropped.Health + dropped.DailySummaries + dropped.Alerts > 0)
        {
            html.Append(" · dropped by the outbox bounds: ").Append(N(dropped.Alerts)).Append(" alerts, ").Append(N(dropped.DailySummaries))
                .Append(" daily summaries, ").Append(N(dropped.Health)).Append(" health reports");
        }

        html.Append("</p>");
        if (uplink.LastError is { } error)
        {
            html.Append("<p>Last error ").Append(E(HumanFormat.Time(uplink.LastErrorAt))).Append(": ").Append(E(error)).Append("</p>");
        }

        html.Append("</section>");
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string E(string text) => Encoder.Encode(text);
}
