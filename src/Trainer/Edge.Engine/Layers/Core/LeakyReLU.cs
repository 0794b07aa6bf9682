using System.Globalization;
using Edge.Engine.Activations;

namespace Edge.Engine.Layers.Core;

/// <summary>Keras's <c>LeakyReLU</c> layer; its default negative_slope is 0.3 (the activation function's is 0.2).</summary>
public sealed class LeakyReLU(float negativeSlope = LeakyReLU.DefaultNegativeSlope, string? name = null)
    : ActivationLayer(new LeakyRelu(negativeSlope), name)
{
    public const float DefaultNegativeSlope = 0.3f;

    public override string KerasTypeName => "LeakyReLU";

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>
    {
        ["negative_slope"] = ((LeakyRelu)Activation).NegativeSlope.ToString("R", CultureInfo.InvariantCulture),
    };
}
