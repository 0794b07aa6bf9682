using System.Globalization;
using System.Net;
using System.Text;

namespace Edge.Trainer.Reports;

/// <summary>One self-contained HTML page (images inlined as data URIs) that a data scientist can mail around.</summary>
public static class HtmlReport
{
    public static string Render(TrainingReport report, IReadOnlyList<(string Caption, byte[] Png)> figures)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(figures);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode($"Theft detection report: {report.Model}"))
            .Append("</title><style>body{font-family:system-ui,sans-serif;max-width:1500px;margin:2em auto;padding:0 1em;color:#222}")
            .Append("pre{background:#f6f6f6;padding:1em;overflow-x:auto}figure{display:inline-block;margin:0.5em}")
            .Append("figcaption{text-align:center;color:#555}dl{display:grid;grid-template-columns:max-content auto;gap:0.2em 1em}</style></head><body>");
        html.Append("<h1>").Append(WebUtility.HtmlEncode(report.Model)).Append("</h1><dl>");
        Term(html, "data", report.DataFile);
        Term(html, "seed", report.Seed.ToString(CultureInfo.InvariantCulture));
        Term(html, "cleaning", report.CleaningPolicy);
        Term(html, "window", $"{report.WindowDays} days");
        Term(html, "channels", report.Channels);
        Term(html, "split (thieves)", $"train {report.Split.Train} ({report.Split.TrainThieves}), validation {report.Split.Validation} ({report.Split.ValidationThieves}), test {report.Split.Test} ({report.Split.TestThieves})");
        Term(html, "epochs", report.PartialEpochs
            ? $"{report.EpochsRun}, PARTIAL: {report.TrainedBatchesPerEpoch} of {report.BatchesPerEpoch} batches each, {report.SecondsPerEpoch:F1} s each"
            : $"{report.EpochsRun}, {report.SecondsPerEpoch:F1} s each");
        html.Append("</dl><h2>Metrics</h2><p>The threshold is chosen on validation customers; test customers were never seen in training or threshold choice.</p><pre>")
            .Append(WebUtility.HtmlEncode(ReportTable.Render(report))).Append("</pre><h2>Figures</h2>");
        foreach (var (caption, png) in figures)
        {
            html.Append("<figure><img alt=\"").Append(WebUtility.HtmlEncode(caption)).Append("\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(png)).Append("\"><figcaption>").Append(WebUtility.HtmlEncode(caption)).Append("</figcaption></figure>");
        }

        html.Append("</body></html>");
        return html.ToString();
    }

    private static void Term(StringBuilder html, string term, string value) =>
        html.Append("<dt>").Append(WebUtility.HtmlEncode(term)).Append("</dt><dd>").Append(WebUtility.HtmlEncode(value)).Append("</dd>");
}
