using Edge.Engine.Losses;
using Edge.Engine.Models;
using Edge.Engine.Models.Callbacks;
using Edge.Engine.Optimizers;

namespace Edge.Engine.Tests.Models;

public sealed class CallbackTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-cb-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Sequential Built()
    {
        var model = ModelFixtures.SmallClassifier();
        model.Build(seed: 1);
        return model;
    }

    /// <summary>Drives a callback through epochs with given val_loss values, perturbing the weights each epoch.</summary>
    private static List<float[][]> Drive(Callback callback, Sequential model, double[] valLosses)
    {
        var snapshots = new List<float[][]>();
        callback.Model = model;
        callback.OnTrainBegin();
        for (var epoch = 0; epoch < valLosses.Length && !model.StopTraining; epoch++)
        {
            model.Parameters[0].Value[0] = epoch; // mark the weights with the epoch
            snapshots.Add(model.GetWeights());
            callback.OnEpochEnd(epoch, new Dictionary<string, double> { ["loss"] = 1, ["val_loss"] = valLosses[epoch] });
        }

        callback.OnTrainEnd();
        return snapshots;
    }

    [Fact]
    public void Early_stopping_stops_after_patience_epochs_without_improvement()
    {
        var model = Built();
        var stopping = new EarlyStopping(monitor: "val_loss", patience: 2);
        // best at epoch 1 (0.9); epochs 2 and 3 do not improve → wait reaches 2 at epoch 3 → stop.
        var seen = Drive(stopping, model, [1.0, 0.9, 0.95, 0.91, 0.5, 0.4]);
        Assert.Equal(4, seen.Count);
        Assert.Equal(3, stopping.StoppedEpoch);
        Assert.Equal(1, stopping.BestEpoch);
    }

    [Fact]
    public void Min_delta_counts_against_small_improvements()
    {
        var model = Built();
        var stopping = new EarlyStopping(patience: 1, minDelta: 0.05);
        // 0.97 is not below 1.0 − 0.05, so epoch 1 does not improve and training stops there.
        Drive(stopping, model, [1.0, 0.97, 0.5]);
        Assert.Equal(1, stopping.StoppedEpoch);
    }

    [Fact]
    public void Restore_best_weights_puts_back_the_best_epoch()
    {
        var model = Built();
        var stopping = new EarlyStopping(patience: 2, restoreBestWeights: true);
        var seen = Drive(stopping, model, [1.0, 0.6, 0.8, 0.9, 0.1]);
        Assert.Equal(seen[1], model.GetWeights());
    }

    [Fact]
    public void Checkpoint_with_save_best_only_writes_on_improvement_only()
    {
        var model = Built();
        var checkpoint = new ModelCheckpoint(Path.Combine(_directory, "best-{epoch}.ckpt"), monitor: "val_loss", saveBestOnly: true);
        Drive(checkpoint, model, [1.0, 0.5, 0.7, 0.4, 0.4]);
        Assert.Equal(["best-1.ckpt", "best-2.ckpt", "best-4.ckpt"], checkpoint.Saved.Select(Path.GetFileName));
        Assert.Equal(3, Directory.GetFiles(_directory).Length);
    }

    [Fact]
    public void Unknown_monitor_lists_the_available_keys()
    {
        var model = Built();
        var stopping = new EarlyStopping(monitor: "val_auc");
        var ex = Assert.Throws<InvalidOperationException>(() => Drive(stopping, model, [1.0]));
        Assert.Contains("val_loss", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Early_stopping_inside_fit_ends_training_and_keeps_history_short()
    {
        var (x, y) = ModelFixtures.Blobs(64, 4);
        var model = ModelFixtures.SmallClassifier();
        model.Compile(new Sgd(learningRate: 0f), new BinaryCrossentropy(), seed: 1); // lr 0: val_loss never improves
        var history = model.Fit(x, y, epochs: 50, batchSize: 32, validationData: (x, y), callbacks: [new EarlyStopping(patience: 3)]);
        Assert.Equal(4, history.Epochs.Count); // epoch 0 sets the best, epochs 1..3 wait, stop at epoch 3
    }
}
