using Edge.Engine.Tensors;

namespace Edge.Engine.Models.Metrics;

/// <summary>Keras's binary_accuracy: the weighted fraction of elements where (prediction > threshold) equals the 0/1 target.</summary>
public sealed class BinaryAccuracy(float threshold = 0.5f) : Metric
{
    private double _correct;
    private double _count;

    public float Threshold { get; } = threshold;

    public override string Name => "accuracy";

    public override void Reset() => (_correct, _count) = (0, 0);

    public override void Update(Tensor predictions, Tensor targets, ReadOnlySpan<float> sampleWeights)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        var p = predictions.ReadOnlySpan;
        var t = targets.ReadOnlySpan;
        var perSample = p.Length / predictions.Shape[0];
        for (var i = 0; i < p.Length; i++)
        {
            var w = WeightOf(sampleWeights, i, perSample);
            var predicted = p[i] > Threshold ? 1f : 0f;
            _correct += predicted == t[i] ? w : 0;
            _count += w;
        }
    }

    public override double Result() => _count == 0 ? 0 : _correct / _count;
}
