namespace Edge.Engine.Models.Callbacks;

/// <summary>Where training is after a batch: epochs and batches count from 0; <see cref="Loss"/> is the epoch's running mean.</summary>
public readonly record struct BatchProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss);

/// <summary>
/// Keras's callback hooks, called by <see cref="Sequential.Fit"/>. Epochs count from 0 as in Keras. Epoch logs hold
/// "loss", each metric, and "val_loss" / "val_&lt;metric&gt;" when there is validation data.
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained; set by Fit before <see cref="OnTrainBegin"/>.</summary>
    public Sequential? Model { get; internal set; }

    public virtual void OnTrainBegin()
    {
    }

    public virtual void OnEpochBegin(int epoch)
    {
    }

    /// <summary>Called after every training batch; keep it cheap and allocation-free, it runs in the hot loop.</summary>
    public virtual void OnBatchEnd(in BatchProgress progress)
    {
    }

    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
    }

    public virtual void OnTrainEnd()
    {
    }

    /// <summary>The monitored value in the logs, with a clear error naming the keys that are there.</summary>
    protected static double Monitored(IReadOnlyDictionary<string, double> logs, string monitor, string who)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (!logs.TryGetValue(monitor, out var value))
        {
            throw new InvalidOperationException($"{who} monitors '{monitor}', which is not in the epoch logs ({string.Join(", ", logs.Keys)}). Pass validation data for val_* keys.");
        }

        return value;
    }

    /// <summary>Keras's mode "auto": maximise accuracy- and AUC-like quantities, minimise everything else.</summary>
    protected static bool Maximises(string monitor, string mode) => mode switch
    {
        "min" => false,
        "max" => true,
        "auto" => monitor.EndsWith("acc", StringComparison.Ordinal) || monitor.EndsWith("accuracy", StringComparison.Ordinal) || monitor.EndsWith("auc", StringComparison.Ordinal),
        _ => throw new ArgumentException($"Mode '{mode}' is not one of auto, min, max.", nameof(mode)),
    };
}
