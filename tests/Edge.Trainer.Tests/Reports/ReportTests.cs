using Edge.Trainer.Evaluation;
using Edge.Trainer.Reports;

namespace Edge.Trainer.Tests.Reports;

public class ReportTests
{
    private static readonly float[] Scores = [0.9f, 0.7f, 0.6f, 0.2f, 0.1f];
    private static readonly int[] Labels = [1, 0, 1, 0, 0];

    private static TrainingReport Sample()
    {
        var test = DetectionMetrics.Compute(Scores, Labels, 0.6f);
        return new TrainingReport
        {
            Model = "gateway",
            DataFile = "synth.csv",
            Seed = 7,
            CleaningPolicy = "zheng2018",
            WindowDays = 28,
            Split = new SplitSizes(7, 1, 1, 0, 5, 2),
            Parameters = 1234,
            MacsPerCustomer = 5678,
            EpochsRun = 2,
            SecondsPerEpoch = 1.5,
            PeakWorkingSetBytes = 1 << 20,
            History = new Dictionary<string, IReadOnlyList<double>> { ["loss"] = [0.7, 0.5], ["val_loss"] = [0.8, 0.6] },
            TestBeforeTraining = new LossAndAccuracy(0.69, 0.6),
            TestAfterTraining = new LossAndAccuracy(0.4, 0.8),
            ThresholdRule = "max-f1",
            Validation = test,
            Test = test,
        };
    }

    [Fact]
    public void Json_report_round_trips_and_uses_camel_case_names()
    {
        var report = Sample();
        var json = report.ToJson();
        Assert.Contains("\"rocAuc\"", json, StringComparison.Ordinal);
        var back = TrainingReport.FromJson(json);
        Assert.Equal(report.Test.RocAuc, back.Test.RocAuc);
        Assert.Equal([0.7, 0.5], back.History["loss"]);
        Assert.Equal(report.Test.Confusion, back.Test.Confusion);
    }

    [Fact]
    public void Printed_table_shows_the_metrics_the_field_reports()
    {
        var table = ReportTable.Render(Sample());
        // Thieves at ranks 1 and 3 of 5: AUC = (3 + 2) / 6 pairs = 0.8333.
        Assert.Contains("ROC-AUC", table, StringComparison.Ordinal);
        Assert.Contains("0.8333", table, StringComparison.Ordinal);
        Assert.Contains("MAP@100", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_bounded_by_steps_per_epoch_is_marked_partial_in_the_table_and_the_json()
    {
        var report = Sample() with { BatchSize = 16, BatchesPerEpoch = 375, TrainedBatchesPerEpoch = 10, SecondsPerBatch = 2.5, CpuSecondsPerBatch = 4 };
        Assert.True(report.PartialEpochs);
        var table = ReportTable.Render(report);
        Assert.Contains("PARTIAL TRAINING", table, StringComparison.Ordinal);
        Assert.Contains("10 of 375 batches of 16", table, StringComparison.Ordinal);
        Assert.Contains("2.5 s (4 CPU-s) per batch of 16", table, StringComparison.Ordinal);
        Assert.Contains("\"partialEpochs\": true", report.ToJson(), StringComparison.Ordinal);
        Assert.Equal(10, TrainingReport.FromJson(report.ToJson()).TrainedBatchesPerEpoch);

        var full = Sample() with { BatchSize = 16, BatchesPerEpoch = 375, TrainedBatchesPerEpoch = 375 };
        Assert.False(full.PartialEpochs);
        Assert.DoesNotContain("PARTIAL", ReportTable.Render(full), StringComparison.Ordinal);
    }

    [Fact]
    public void Plots_are_png_images_and_the_html_report_inlines_them()
    {
        var png = ReportPlots.Roc(Curves.Roc(Scores, Labels), 0.8333);
        Assert.True(png.AsSpan().StartsWith(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
        var html = HtmlReport.Render(Sample(), [("ROC", png)]);
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.Contains("<h1>gateway</h1>", html, StringComparison.Ordinal);
    }
}
