using System.Globalization;
using System.Text;
using Edge.Trainer.Evaluation;

namespace Edge.Trainer.Reports;

/// <summary>The printed summary of a run: the metrics table the field reports, test beside validation and baseline.</summary>
public static class ReportTable
{
    public static string Render(TrainingReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var columns = new List<(string Name, DetectionMetrics Result)> { ("test", report.Test), ("validation", report.Validation) };
        if (report.Baseline is not null)
        {
            columns.Add(("baseline (test)", report.Baseline));
        }

        var rows = new (string Metric, Func<DetectionMetrics, string> Value)[]
        {
            ("customers (thieves)", r => $"{r.Customers} ({r.Thieves})"),
            ("threshold", r => F(r.Threshold)),
            ("accuracy", r => F(r.Accuracy)),
            ("precision", r => F(r.Precision)),
            ("recall", r => F(r.Recall)),
            ("F1", r => F(r.F1)),
            ("ROC-AUC", r => F(r.RocAuc)),
            ("PR-AUC", r => F(r.PrAuc)),
            ("MAP@100", r => F(r.MapAt100)),
            ("MAP@200", r => F(r.MapAt200)),
            ("TP / FP", r => $"{r.Confusion.TruePositives} / {r.Confusion.FalsePositives}"),
            ("FN / TN", r => $"{r.Confusion.FalseNegatives} / {r.Confusion.TrueNegatives}"),
        };

        var cells = rows.Select(row => new[] { row.Metric }.Concat(columns.Select(c => row.Value(c.Result))).ToArray()).ToList();
        var header = new[] { "metric" }.Concat(columns.Select(c => c.Name)).ToArray();
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Max(r => r[i].Length))).ToArray();

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Model {report.Model}: {report.Parameters:N0} parameters, {report.MacsPerCustomer:N0} MACs per customer, threshold rule {report.ThresholdRule}");
        if (report.PartialEpochs)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"PARTIAL TRAINING: each of the {report.EpochsRun} epoch(s) trained on {report.TrainedBatchesPerEpoch} of {report.BatchesPerEpoch} batches of {report.BatchSize} (--steps-per-epoch)");
        }

        if (report.BatchesPerEpoch > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Training cost: {report.SecondsPerBatch:0.###} s ({report.CpuSecondsPerBatch:0.###} CPU-s) per batch of {report.BatchSize}, {report.BatchesPerEpoch} batches per full epoch");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Test before training: loss {F(report.TestBeforeTraining.Loss)}, accuracy {F(report.TestBeforeTraining.Accuracy)}; after: loss {F(report.TestAfterTraining.Loss)}, accuracy {F(report.TestAfterTraining.Accuracy)}");
        AppendRow(text, header, widths);
        text.AppendLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in cells)
        {
            AppendRow(text, row, widths);
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] values, int[] widths) =>
        text.AppendLine(string.Join(" | ", values.Select((v, i) => i == 0 ? v.PadRight(widths[i]) : v.PadLeft(widths[i]))));

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
