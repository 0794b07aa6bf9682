namespace Edge.Engine.Models;

/// <summary>
/// What <see cref="Sequential.Evaluate"/> returns: the loss and each compiled metric. Deconstructs like Keras's
/// list, so <c>var (loss, accuracy) = model.Evaluate(x, y);</c> reads as the Python does.
/// </summary>
public sealed class EvaluationResult(double loss, IReadOnlyDictionary<string, double> metrics)
{
    public double Loss { get; } = loss;

    /// <summary>Each compiled metric by name, in compile order.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; } = metrics;

    public double this[string name] => name == "loss" ? Loss
        : Metrics.TryGetValue(name, out var v) ? v
        : throw new KeyNotFoundException($"No metric '{name}' was compiled; have: loss, {string.Join(", ", Metrics.Keys)}.");

    /// <summary>The loss and the first compiled metric.</summary>
    public void Deconstruct(out double loss, out double firstMetric)
    {
        loss = Loss;
        firstMetric = Metrics.Count > 0 ? Metrics.First().Value : double.NaN;
    }
}
