using System.Globalization;
using Edge.Engine.Models.Checkpoints;

namespace Edge.Engine.Models.Callbacks;

/// <summary>
/// Keras's ModelCheckpoint, writing our checkpoint format (docs/engine.md) atomically. The path may contain "{epoch}"
/// (1-based, as Keras formats it). With saveBestOnly, a file is written only when the monitored value beats the best
/// so far (strictly; Keras applies no min_delta here).
/// </summary>
public sealed class ModelCheckpoint(string filePath, string monitor = "val_loss", bool saveBestOnly = false, string mode = "auto")
    : Callback
{
    private readonly bool _maximise = Maximises(monitor, mode);
    private double? _best;

    public string FilePath { get; } = filePath;

    public string Monitor { get; } = monitor;

    public bool SaveBestOnly { get; } = saveBestOnly;

    /// <summary>Paths written, in order.</summary>
    public List<string> Saved { get; } = [];

    public override void OnTrainBegin() => _best = null;

    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (SaveBestOnly)
        {
            var current = Monitored(logs, Monitor, "ModelCheckpoint");
            if (_best is { } best && !(_maximise ? current > best : current < best))
            {
                return;
            }

            _best = current;
        }

        var path = FilePath.Replace("{epoch}", (epoch + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Checkpoint.Save(Model!, path);
        Saved.Add(path);
    }
}
