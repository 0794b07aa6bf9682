namespace Edge.Engine.Models.Callbacks;

/// <summary>Keras's LambdaCallback: plain delegates for the hooks, e.g. to drive a progress bar from the CLI.</summary>
public sealed class LambdaCallback(
    Action<int>? onEpochBegin = null,
    Action<BatchProgress>? onBatchEnd = null,
    Action<int, IReadOnlyDictionary<string, double>>? onEpochEnd = null,
    Action? onTrainBegin = null,
    Action? onTrainEnd = null) : Callback
{
    public override void OnTrainBegin() => onTrainBegin?.Invoke();

    public override void OnEpochBegin(int epoch) => onEpochBegin?.Invoke(epoch);

    public override void OnBatchEnd(in BatchProgress progress) => onBatchEnd?.Invoke(progress);

    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => onEpochEnd?.Invoke(epoch, logs);

    public override void OnTrainEnd() => onTrainEnd?.Invoke();
}
