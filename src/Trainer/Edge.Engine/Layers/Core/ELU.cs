using System.Globalization;
using Edge.Engine.Activations;

namespace Edge.Engine.Layers.Core;

/// <summary>Keras's <c>ELU</c> layer (alpha defaults to 1.0).</summary>
public sealed class ELU(float alpha = 1f, string? name = null) : ActivationLayer(new Elu(alpha), name)
{
    public override string KerasTypeName => "ELU";

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>
    {
        ["alpha"] = ((Elu)Activation).Alpha.ToString("R", CultureInfo.InvariantCulture),
    };
}
