using System.Numerics.Tensors;
using Tensor = Edge.Engine.Tensors.Tensor;

namespace Edge.Engine.Models.Metrics;

/// <summary>Keras's categorical_accuracy: the weighted fraction of rows whose arg-max prediction is the arg-max target.</summary>
public sealed class CategoricalAccuracy : Metric
{
    private double _correct;
    private double _count;

    public override string Name => "accuracy";

    public override void Reset() => (_correct, _count) = (0, 0);

    public override void Update(Tensor predictions, Tensor targets, ReadOnlySpan<float> sampleWeights)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        var classes = predictions.Shape[-1];
        var rows = predictions.Length / classes;
        var rowsPerSample = rows / predictions.Shape[0];
        var p = predictions.ReadOnlySpan;
        var t = targets.ReadOnlySpan;
        for (var r = 0; r < rows; r++)
        {
            var w = WeightOf(sampleWeights, r, rowsPerSample);
            var hit = TensorPrimitives.IndexOfMax(p.Slice(r * classes, classes)) == TensorPrimitives.IndexOfMax(t.Slice(r * classes, classes));
            _correct += hit ? w : 0;
            _count += w;
        }
    }

    public override double Result() => _count == 0 ? 0 : _correct / _count;
}
