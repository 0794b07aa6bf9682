using Edge.Trainer.Reports;
using Edge.Trainer.Synthetic;
using Edge.Trainer.Training;

namespace Edge.Trainer.Tests.Training;

public sealed class TrainingRunTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("training-run-").FullName;

    private TrainingOptions Options(string csv, string run) => new()
    {
        DataFile = csv,
        ModelName = "gateway",
        OutputDirectory = Path.Combine(_directory, run),
        WindowDays = 112,
        Epochs = 3,
        BatchSize = 32,
        Seed = 5,
    };

    [Fact]
    public void A_run_writes_its_report_folder_and_is_reproducible()
    {
        var csv = Path.Combine(_directory, "synth.csv");
        SyntheticFiles.Write(new SynthOptions { Customers = 300, Days = 140, Seed = 3 }, csv);

        var first = TrainingRun.Run(Options(csv, "a"));
        var second = TrainingRun.Run(Options(csv, "b"));

        foreach (var file in new[] { "report.json", "report.html", "model.weights", "feature-spec.json", "loss.png", "accuracy.png", "roc.png", "pr.png" })
        {
            Assert.True(File.Exists(Path.Combine(first.ReportDirectory, file)), $"{file} missing");
        }

        // Same data, options and seed: the same figures (timing and memory aside).
        Assert.Equal(first.Report.Test, second.Report.Test);
        Assert.Equal(first.Report.History["loss"], second.Report.History["loss"]);
        // Weights bit for bit (the checkpoint files differ only in the layers' auto-generated names).
        Assert.Equal(first.Network.GetWeights(), second.Network.GetWeights());

        // The split is by customer and stratified; the threshold comes from validation and is applied to test.
        var split = first.Report.Split;
        Assert.Equal(300, split.Train + split.Validation + split.Test);
        Assert.Equal(first.Report.Validation.Threshold, first.Report.Test.Threshold);
        Assert.Empty(first.Data.Train.Customers.Intersect(first.Data.Test.Customers));
        Assert.Empty(first.Data.Validation.Customers.Intersect(first.Data.Test.Customers));

        var reloaded = TrainingReport.FromJson(File.ReadAllText(Path.Combine(first.ReportDirectory, "report.json")));
        Assert.Equal(first.Report.Test.RocAuc, reloaded.Test.RocAuc);
    }

    [Fact]
    public void A_run_bounded_by_steps_per_epoch_trains_that_many_batches_and_says_so()
    {
        var csv = Path.Combine(_directory, "synth.csv");
        SyntheticFiles.Write(new SynthOptions { Customers = 300, Days = 140, Seed = 3 }, csv);

        var outcome = TrainingRun.Run(Options(csv, "bounded") with { Epochs = 2, StepsPerEpoch = 2 });

        var report = outcome.Report;
        Assert.Equal((report.Split.Train + 31) / 32, report.BatchesPerEpoch);
        Assert.Equal(2, report.TrainedBatchesPerEpoch);
        Assert.True(report.PartialEpochs);
        Assert.Equal(4, outcome.Network.Optimizer!.Iterations); // 2 epochs x 2 batches
        Assert.True(report.SecondsPerBatch > 0 && report.CpuSecondsPerBatch > 0);
        Assert.True(TrainingReport.FromJson(File.ReadAllText(Path.Combine(outcome.ReportDirectory, "report.json"))).PartialEpochs);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
