using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Core;

/// <summary>keras.layers.Flatten: (batch, d1, d2, ...) to (batch, d1*d2*...), in row-major order.</summary>
public sealed class Flatten : ViewLayer
{
    public Flatten(string? name = null)
        : base(name)
    {
    }

    public override string KerasTypeName => "Flatten";

    protected override Shape BuildCore(Shape inputShape, Rng rng) => new(inputShape.ElementCount);

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string> { ["data_format"] = "channels_last" };
}
