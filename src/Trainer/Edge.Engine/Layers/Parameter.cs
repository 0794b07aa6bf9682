using Edge.Engine.Tensors;

namespace Edge.Engine.Layers;

/// <summary>A trainable tensor and its gradient, which <see cref="Layer.Backward"/> overwrites on every call.</summary>
public sealed class Parameter
{
    public Parameter(string name, Shape shape, bool trainable = true)
    {
        Name = name;
        Value = new Tensor(shape);
        Gradient = new Tensor(shape);
        Trainable = trainable;
    }

    /// <summary>Keras's weight name, e.g. "kernel", "recurrent_kernel", "bias".</summary>
    public string Name { get; }

    public Tensor Value { get; }

    public Tensor Gradient { get; }

    /// <summary>False for statistics that are updated in the forward pass (e.g. BatchNormalization's moving mean).</summary>
    public bool Trainable { get; }

    public override string ToString() => $"{Name}{Value.Shape}";
}
