namespace Edge.Engine.Models.Callbacks;

/// <summary>
/// Keras 3's EarlyStopping. An epoch improves when (current − minDelta) beats the best so far in the monitored
/// direction (minDelta counts against improvement in both modes). After <c>patience</c> epochs without improvement,
/// training stops. With restoreBestWeights the best epoch's weights are put back when training ends (Keras 3 restores
/// at train end whether or not it stopped early, and keeps the first epoch's weights if nothing ever improved).
/// </summary>
public sealed class EarlyStopping : Callback
{
    private readonly bool _maximise;
    private double? _best;
    private int _wait;
    private float[][]? _bestWeights;

    public EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, string mode = "auto",
        bool restoreBestWeights = false, double? baseline = null, int startFromEpoch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        Monitor = monitor;
        MinDelta = Math.Abs(minDelta);
        Patience = patience;
        RestoreBestWeights = restoreBestWeights;
        Baseline = baseline;
        StartFromEpoch = startFromEpoch;
        _maximise = Maximises(monitor, mode);
    }

    public string Monitor { get; }

    public double MinDelta { get; }

    public int Patience { get; }

    public bool RestoreBestWeights { get; }

    public double? Baseline { get; }

    public int StartFromEpoch { get; }

    /// <summary>The epoch (from 0) at which training was stopped, or 0 if it was not.</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>The epoch (from 0) with the best monitored value.</summary>
    public int BestEpoch { get; private set; }

    public double? Best => _best;

    public override void OnTrainBegin()
    {
        _best = null;
        _wait = 0;
        _bestWeights = null;
        StoppedEpoch = 0;
        BestEpoch = 0;
    }

    private bool IsImprovement(double value, double? reference) =>
        reference is not { } r || (_maximise ? value - MinDelta > r : value + MinDelta < r);

    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var current = Monitored(logs, Monitor, "EarlyStopping");
        if (epoch < StartFromEpoch)
        {
            return;
        }

        if (RestoreBestWeights && _bestWeights is null)
        {
            _bestWeights = Model!.GetWeights();
        }

        _wait++;
        if (IsImprovement(current, _best))
        {
            _best = current;
            BestEpoch = epoch;
            if (RestoreBestWeights)
            {
                _bestWeights = Model!.GetWeights();
            }

            if (Baseline is null || IsImprovement(current, Baseline))
            {
                _wait = 0;
            }

            return;
        }

        if (_wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Model!.StopTraining = true;
        }
    }

    public override void OnTrainEnd()
    {
        if (RestoreBestWeights && _bestWeights is not null)
        {
            Model!.SetWeights(_bestWeights);
        }
    }
}
