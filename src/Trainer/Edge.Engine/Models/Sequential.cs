using System.Globalization;
using Edge.Engine.Layers;
using Edge.Engine.Tensors;

namespace Edge.Engine.Models;

/// <summary>
/// Keras's Sequential: a stack of layers, itself a <see cref="Layer"/> so it can be wrapped (e.g. by TimeDistributed).
/// The input shape (batch excluded) is given like Keras's input_shape, either to the constructor or with the first
/// <see cref="Add"/>. <see cref="Build(ulong)"/> creates every weight from <c>new Rng(seed)</c>, handing each layer in
/// order one <see cref="Rng.Fork"/> of it, so a seed fixes the initial weights.
/// Training (compile, fit, evaluate, predict) lives in Sequential.Training.cs.
/// </summary>
public sealed partial class Sequential : Layer
{
    private readonly List<Layer> _layers = [];
    private Shape? _declaredInputShape;
    private Parameter[] _parameters = [];

    public Sequential(Shape? inputShape = null, string? name = null) : base(name)
    {
        _declaredInputShape = inputShape;
    }

    public Sequential(IEnumerable<Layer> layers, Shape? inputShape = null, string? name = null) : this(inputShape, name)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    public override string KerasTypeName => "Sequential";

    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>Every layer's parameters in layer order (one list, reused, so optimizers see the same instance).</summary>
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Each layer as Type{key=value,...}, so a checkpoint of a model that wraps this one records its architecture.</summary>
    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>
    {
        ["layers"] = string.Join("|", _layers.Select(Describe)),
    };

    public override long ForwardMacsPerSample => _layers.Sum(l => l.ForwardMacsPerSample);

    /// <summary>Appends a layer. <paramref name="inputShape"/> (batch excluded) may be given with the first layer, as in Keras.</summary>
    public void Add(Layer layer, Shape? inputShape = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (IsBuilt)
        {
            throw new InvalidOperationException($"Model '{Name}' is already built; add every layer before Build, Compile or Fit.");
        }

        if (inputShape is not null)
        {
            if (_layers.Count > 0)
            {
                throw new ArgumentException($"inputShape can only be given with the first layer of '{Name}' (layer '{layer.Name}' is number {_layers.Count + 1}).", nameof(inputShape));
            }

            _declaredInputShape = inputShape;
        }

        _layers.Add(layer);
    }

    /// <summary>Builds with the input shape given at construction or with the first layer.</summary>
    public void Build(ulong seed = 0)
    {
        if (_declaredInputShape is not { } shape)
        {
            throw new InvalidOperationException($"Model '{Name}' has no input shape: pass inputShape to the constructor or the first Add, or call Build(inputShape, seed).");
        }

        Build(shape, seed);
    }

    public void Build(Shape inputShape, ulong seed)
    {
        _declaredInputShape = inputShape;
        Build(inputShape, new Rng(seed));
    }

    protected override Shape BuildCore(Shape inputShape, Rng rng)
    {
        if (_layers.Count == 0)
        {
            throw new InvalidOperationException($"Model '{Name}' has no layers.");
        }

        if (_declaredInputShape is { } declared && !declared.Equals(inputShape))
        {
            // E.g. TimeDistributed(model) handing the inner model a per-step shape other than the one it was declared with.
            throw new ArgumentException($"Model '{Name}' was declared with input shape {declared.ToString(true)} but is being built for {inputShape.ToString(true)}.", nameof(inputShape));
        }

        var shape = inputShape;
        for (var i = 0; i < _layers.Count; i++)
        {
            var layer = _layers[i];
            try
            {
                layer.Build(shape, rng.Fork());
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Model '{Name}', layer {i + 1} '{layer.Name}' ({layer.KerasTypeName}) cannot take input {shape.ToString(true)}: {ex.Message}", ex);
            }

            shape = layer.OutputShape;
        }

        _parameters = _layers.SelectMany(l => l.Parameters).ToArray();
        return shape;
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureBuilt();
        var x = input;
        foreach (var layer in _layers)
        {
            x = layer.Forward(x, training);
        }

        return x;
    }

    public override Tensor Backward(Tensor outputGradient) => BackwardFrom(_layers.Count - 1, outputGradient);

    /// <summary>Backpropagates <paramref name="gradient"/> (dLoss/dOutput of layer <paramref name="last"/>) down to the input.</summary>
    private Tensor BackwardFrom(int last, Tensor gradient)
    {
        var g = gradient;
        for (var i = last; i >= 0; i--)
        {
            g = _layers[i].Backward(g);
        }

        return g;
    }

    /// <summary>Copies of every parameter's values in <see cref="Parameters"/> order (Keras's get_weights).</summary>
    public float[][] GetWeights() => _parameters.Select(p => p.Value.ReadOnlySpan.ToArray()).ToArray();

    /// <summary>Overwrites every parameter's values (Keras's set_weights); lengths must match <see cref="GetWeights"/>.</summary>
    public void SetWeights(IReadOnlyList<float[]> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != _parameters.Length)
        {
            throw new ArgumentException($"Model '{Name}' has {_parameters.Length} weight tensors; got {weights.Count}.", nameof(weights));
        }

        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i].Length != _parameters[i].Value.Length)
            {
                throw new ArgumentException($"Weight {i} ({_parameters[i]}) has {_parameters[i].Value.Length} values; got {weights[i].Length}.", nameof(weights));
            }

            weights[i].CopyTo(_parameters[i].Value.Span);
        }
    }

    internal static string Describe(Layer layer) =>
        layer.KerasTypeName + "{" + string.Join(",", layer.Config.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)) + "}";

    /// <summary>The Keras-style summary table (see <see cref="ModelSummary"/>).</summary>
    public string Summary() => ModelSummary.Format(this);

    internal static string FormatCount(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
