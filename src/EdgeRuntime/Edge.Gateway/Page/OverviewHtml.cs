using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Edge.Gateway.Api;
using Edge.Runtime.Alerts;
using Edge.Runtime.Models;
using Edge.Runtime.Storage;

namespace Edge.Gateway.Page;

/// <summary>
/// Renders the overview fragment: status line, faults, open alerts with their evidence, meters, the meter
/// replacements declared per meter (so the technician on site sees which swaps the gateway already knows), and the
/// meters' logged long power failures of the last <see cref="TechnicianPage.PowerFailureDays"/> days, newest first. Meter ids, evidence,
/// fault messages and names are data from meters and config, so every one goes through <see cref="HtmlEncoder"/>;
/// nothing from data is placed in an attribute except numeric alert ids.
/// </summary>
internal static class OverviewHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static string Render(GatewayStatus status, IReadOnlyList<Alert> openAlerts, IReadOnlyList<MeterView> meters, IReadOnlyList<DeclaredReplacement> replacements, IReadOnlyList<LoggedPowerFailure> powerFailures, bool canAcknowledge, ModelStatus? delivery = null)
    {
        var html = new StringBuilder(4096);
        html.Append("<section><h2>Gateway ").Append(E(status.GatewayId)).Append("</h2><p>Model ")
            .Append(status.Model is null ? "<em>none installed (local rules only)</em>" : "<b>" + E(status.Model) + "</b>")
            .Append(" · up ").Append(E(HumanFormat.Duration(status.UptimeSeconds)))
            .Append(" · ").Append(status.Meters.Reporting.ToString(CultureInfo.InvariantCulture)).Append('/')
            .Append(status.Meters.Configured.ToString(CultureInfo.InvariantCulture)).Append(" meters reporting")
            .Append(status.DailyRetentionDays is { } kept ? $" · daily kWh kept {kept.ToString(CultureInfo.InvariantCulture)} days" : "").Append("</p>");
        if (status.Faults.Count > 0)
        {
            html.Append("<ul class=\"faults\">");
            foreach (var fault in status.Faults)
            {
                html.Append("<li><b>").Append(E(fault.Component)).Append("</b>: ").Append(E(fault.Message))
                    .Append(" <small>since ").Append(E(HumanFormat.Time(fault.Since))).Append("</small></li>");
            }

            html.Append("</ul>");
        }

        html.Append("</section><section><h2>Open alerts (").Append(openAlerts.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>");
        if (openAlerts.Count == 0)
        {
            html.Append("<p>None.</p>");
        }

        foreach (var alert in openAlerts)
        {
            html.Append("<article class=\"alert\"><h3>#").Append(alert.Id.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(E(alert.MeterId)).Append(" — ").Append(E(alert.Kind.ToString())).Append("</h3><p>")
                .Append("raised ").Append(E(HumanFormat.Time(alert.RaisedAt)));
            if (alert.Occurrences > 1)
            {
                html.Append(", seen ").Append(alert.Occurrences.ToString(CultureInfo.InvariantCulture)).Append(" times, last ").Append(E(HumanFormat.Time(alert.LastSeenAt)));
            }

            if (alert.Score is { } score)
            {
                html.Append(" · score ").Append(score.ToString("0.000", CultureInfo.InvariantCulture));
            }

            if (alert.ModelVersion is { } model)
            {
                html.Append(" · model ").Append(E(model));
            }

            html.Append("</p><p class=\"evidence\">").Append(E(alert.Evidence)).Append("</p>");
            if (canAcknowledge)
            {
                html.Append("<button data-ack=\"").Append(alert.Id.ToString(CultureInfo.InvariantCulture)).Append("\">Acknowledge</button>");
            }

            html.Append("</article>");
        }

        html.Append("</section><section><h2>Meters</h2><table><tr><th>Meter</th><th>Protocol</th><th>Link</th><th>Last reading</th><th>Current L1/L2/L3</th><th>Sags L1/L2/L3</th><th>Swells L1/L2/L3</th><th>Stored</th><th>Rejected</th><th>Fault</th></tr>");
        foreach (var meter in meters)
        {
            html.Append("<tr><td>").Append(E(meter.Id)).Append("</td><td>").Append(E(meter.Protocol)).Append("</td><td>")
                .Append(E(meter.Transport)).Append("</td><td>")
                .Append(meter.LastReadingAt is { } at ? E(HumanFormat.Time(at)) : "never").Append("</td><td>")
                .Append(E(HumanFormat.Currents(meter.CurrentA))).Append("</td><td>")
                .Append(E(HumanFormat.PerPhase(meter.VoltageSags))).Append("</td><td>")
                .Append(E(HumanFormat.PerPhase(meter.VoltageSwells))).Append("</td><td>")
                .Append(meter.ReadingsStored.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(meter.Rejected.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(meter.Fault is { } fault ? "<b>" + E(fault) + "</b>" : "ok").Append("</td></tr>");
        }

        html.Append("</table></section>");
        AppendReplacements(html, replacements);
        PowerFailures(html, powerFailures);
        if (delivery is not null)
        {
            DeliveryHtml.AppendModelDelivery(html, delivery);
        }

        if (status.Uplink is { } uplink)
        {
            DeliveryHtml.AppendUplink(html, uplink);
        }

        return html.ToString();
    }

    /// <summary>
    /// One table row per declared swap, grouped by meter (the store lists them by meter, then time). A withdrawn one stays
    /// listed, struck through and marked with who withdrew it, when and why: it no longer applies.
    /// </summary>
    private static void AppendReplacements(StringBuilder html, IReadOnlyList<DeclaredReplacement> replacements)
    {
        var withdrawn = replacements.Count(r => r.WithdrawnAt is not null);
        html.Append("<section><h2>Meter replacements (").Append(replacements.Count.ToString(CultureInfo.InvariantCulture));
        if (withdrawn > 0)
        {
            html.Append(", ").Append(withdrawn.ToString(CultureInfo.InvariantCulture)).Append(" withdrawn");
        }

        html.Append(")</h2>");
        if (replacements.Count == 0)
        {
            html.Append("<p>None declared.</p></section>");
            return;
        }

        html.Append("<table><tr><th>Meter</th><th>Swapped at</th><th>Old final</th><th>New initial</th><th>Declared by</th><th>Note</th><th>Withdrawn</th></tr>");
        foreach (var r in replacements)
        {
            // <del> marks the swap's own cells of a withdrawn declaration; the reason cell says why.
            var (open, close) = r.WithdrawnAt is null ? ("", "") : ("<del>", "</del>");
            html.Append("<tr><td>").Append(open).Append(E(r.MeterId)).Append(close).Append("</td><td>")
                .Append(open).Append(E(HumanFormat.Time(r.At))).Append(close).Append("</td><td>")
                .Append(open).Append(r.OldFinalWh.ToString(CultureInfo.InvariantCulture)).Append(" Wh").Append(close).Append("</td><td>")
                .Append(open).Append(r.NewInitialWh.ToString(CultureInfo.InvariantCulture)).Append(" Wh").Append(close).Append("</td><td>")
                .Append(E(r.DeclaredBy)).Append(" <small>").Append(E(HumanFormat.Time(r.DeclaredAt))).Append("</small></td><td>")
                .Append(E(r.Note ?? "")).Append("</td><td>");
            if (r.WithdrawnAt is { } at)
            {
                html.Append("<b>withdrawn</b> by ").Append(E(r.WithdrawnBy ?? "")).Append(" <small>").Append(E(HumanFormat.Time(at))).Append("</small>");
                if (r.WithdrawnReason is { } why)
                {
                    html.Append(": ").Append(E(why));
                }
            }

            html.Append("</td></tr>");
        }

        html.Append("</table></section>");
    }

    /// <summary>The long power-failure log (DSMR 1-0:99.97.0) as the meters reported it: start, end (meter clock) and duration.</summary>
    private static void PowerFailures(StringBuilder html, IReadOnlyList<LoggedPowerFailure> failures)
    {
        html.Append("<section><h2>Power failures, last ").Append(TechnicianPage.PowerFailureDays.ToString(CultureInfo.InvariantCulture))
            .Append(" days (").Append(failures.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>");
        if (failures.Count == 0)
        {
            html.Append("<p>None logged.</p></section>");
            return;
        }

        html.Append("<table><tr><th>Meter</th><th>Off from</th><th>Back at</th><th>Duration</th></tr>");
        foreach (var failure in failures.OrderByDescending(f => f.EndTime).ThenBy(f => f.MeterId, StringComparer.Ordinal))
        {
            html.Append("<tr><td>").Append(E(failure.MeterId)).Append("</td><td>")
                .Append(E(HumanFormat.Time(failure.StartTime))).Append("</td><td>")
                .Append(E(HumanFormat.Time(failure.EndTime))).Append("</td><td>")
                .Append(((long)failure.Duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)).Append(" s</td></tr>");
        }

        html.Append("</table></section>");
    }

    private static string E(string text) => Encoder.Encode(text);
}
