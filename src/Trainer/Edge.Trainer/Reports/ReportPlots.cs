using Edge.ModelContract.IO;
using Edge.Trainer.Evaluation;
using ScottPlot;

namespace Edge.Trainer.Reports;

/// <summary>
/// The report's pictures as PNG bytes: the seed's two training plots (accuracy and loss per epoch, here with the
/// validation curve beside the training one) and the ROC and precision-recall curves of the test part.
/// </summary>
public static class ReportPlots
{
    private const int Width = 720;
    private const int Height = 450;

    /// <summary>One metric per epoch, e.g. history["accuracy"] and history["val_accuracy"].</summary>
    public static byte[] EpochCurve(string title, string yLabel, IReadOnlyList<double> training, IReadOnlyList<double>? validation)
    {
        ArgumentNullException.ThrowIfNull(training);
        var plot = new Plot();
        AddSeries(plot, training, "training");
        if (validation is { Count: > 0 })
        {
            AddSeries(plot, validation, "validation");
        }

        plot.Title(title);
        plot.XLabel("Epoch");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    public static byte[] Roc(IReadOnlyList<CurvePoint> roc, double auc)
    {
        ArgumentNullException.ThrowIfNull(roc);
        var plot = new Plot();
        var curve = plot.Add.Scatter(roc.Select(p => p.X).ToArray(), roc.Select(p => p.Y).ToArray());
        curve.MarkerSize = 0;
        curve.LegendText = $"model (AUC {auc:F3})";
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LinePattern = LinePattern.Dashed;
        chance.LegendText = "chance";
        plot.Title("ROC curve (test customers)");
        plot.XLabel("False-positive rate");
        plot.YLabel("True-positive rate");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    public static byte[] PrecisionRecall(IReadOnlyList<CurvePoint> pr, double averagePrecision, double thiefShare)
    {
        ArgumentNullException.ThrowIfNull(pr);
        var plot = new Plot();
        var curve = plot.Add.Scatter(pr.Select(p => p.X).ToArray(), pr.Select(p => p.Y).ToArray());
        curve.MarkerSize = 0;
        curve.LegendText = $"model (AP {averagePrecision:F3})";
        var baseline = plot.Add.Line(0, thiefShare, 1, thiefShare);
        baseline.LinePattern = LinePattern.Dashed;
        baseline.LegendText = $"random ({thiefShare:P1} thieves)";
        plot.Title("Precision-recall curve (test customers)");
        plot.XLabel("Recall");
        plot.YLabel("Precision");
        plot.Axes.SetLimits(0, 1, 0, 1.02);
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    public static void Save(string path, byte[] png) => AtomicFile.WriteAllBytes(path, png);

    private static void AddSeries(Plot plot, IReadOnlyList<double> values, string label)
    {
        var epochs = Enumerable.Range(1, values.Count).Select(e => (double)e).ToArray();
        var series = plot.Add.Scatter(epochs, values.ToArray());
        series.LegendText = label;
    }
}
