using System.Globalization;
using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Core;

/// <summary>
/// keras.layers.Reshape(target_shape): batch excluded; at most one dimension may be -1 and is then inferred, as in Keras.
/// Used, for instance, to view Zheng et al.'s 1-D daily series as a (weeks, 7, 1) matrix.
/// </summary>
public sealed class Reshape : ViewLayer
{
    private readonly int[] _targetShape;

    public Reshape(int[] targetShape, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(targetShape);
        _targetShape = (int[])targetShape.Clone();
    }

    public override string KerasTypeName => "Reshape";

    public IReadOnlyList<int> TargetShape => _targetShape;

    protected override Shape BuildCore(Shape inputShape, Rng rng)
    {
        var dims = (int[])_targetShape.Clone();
        var unknown = Array.FindAll(Enumerable.Range(0, dims.Length).ToArray(), i => dims[i] == -1);
        if (unknown.Length > 1 || dims.Any(d => d == 0 || d < -1))
        {
            throw new ArgumentException($"Layer '{Name}' (Reshape): target shape ({string.Join(", ", dims)}) may hold positive sizes and at most one -1.");
        }

        var known = dims.Where(d => d > 0).Aggregate(1L, (a, d) => a * d);
        if (unknown.Length == 1)
        {
            if (inputShape.ElementCount % known != 0)
            {
                throw new ArgumentException($"Layer '{Name}' (Reshape): input {inputShape} ({inputShape.ElementCount} elements) does not divide into target ({string.Join(", ", dims)}).");
            }

            dims[unknown[0]] = (int)(inputShape.ElementCount / known);
        }

        var output = new Shape(dims);
        if (output.ElementCount != inputShape.ElementCount)
        {
            throw new ArgumentException($"Layer '{Name}' (Reshape): input {inputShape} has {inputShape.ElementCount} elements but target {output} has {output.ElementCount}.");
        }

        return output;
    }

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>
    {
        // Python tuple spelling, keeping a -1 as written: (148, 7, 1) or (-1,).
        ["target_shape"] = _targetShape.Length == 1
            ? $"({_targetShape[0].ToString(CultureInfo.InvariantCulture)},)"
            : $"({string.Join(", ", _targetShape.Select(d => d.ToString(CultureInfo.InvariantCulture)))})",
    };
}
