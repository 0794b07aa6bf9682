namespace Edge.Engine.Models;

/// <summary>Keras's History: per-epoch values for "loss", each metric, and their "val_" counterparts.</summary>
public sealed class History
{
    private readonly Dictionary<string, List<double>> _values = [];

    public IReadOnlyDictionary<string, List<double>> Values => _values;

    /// <summary>Epoch indices (from 0) that ran.</summary>
    public List<int> Epochs { get; } = [];

    public IReadOnlyList<double> this[string key] =>
        _values.TryGetValue(key, out var list) ? list : throw new KeyNotFoundException($"History has no '{key}'; it has {string.Join(", ", _values.Keys)}.");

    internal void Record(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        Epochs.Add(epoch);
        foreach (var (key, value) in logs)
        {
            if (!_values.TryGetValue(key, out var list))
            {
                _values[key] = list = [];
            }

            list.Add(value);
        }
    }
}
