using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Core;

/// <summary>
/// Shape checks and batch shapes without allocating: <see cref="Shape.WithBatch"/> and <see cref="Shape.WithoutFirst"/>
/// build a new array each call, which a layer's hot loop must not do every step.
/// </summary>
internal static class BatchShape
{
    /// <summary>Returns the batch size after checking that <paramref name="input"/> is (batch, layer.InputShape...).</summary>
    public static int Check(Layer layer, Tensor input)
    {
        var shape = input.Shape;
        var expected = layer.InputShape;
        if (shape.Rank != expected.Rank + 1 || !shape.Dimensions[1..].SequenceEqual(expected.Dimensions))
        {
            throw new ArgumentException(
                $"Layer '{layer.Name}' ({layer.KerasTypeName}) expects input {expected.ToString(true)} but got {shape}.", nameof(input));
        }

        return shape[0];
    }

    /// <summary><paramref name="sample"/> with a leading batch dimension, rebuilt only when the batch size changes.</summary>
    public static Shape With(ref Shape cache, Shape sample, int batch)
    {
        if (cache.Rank != sample.Rank + 1 || cache[0] != batch)
        {
            cache = sample.WithBatch(batch);
        }

        return cache;
    }
}
