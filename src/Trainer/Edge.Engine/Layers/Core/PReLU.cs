using Edge.Engine.Initializers;
using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Core;

/// <summary>
/// Keras's <c>PReLU</c> (He et al., 2015): y = x for x > 0, else alpha · x, with alpha learned. As in Keras, alpha has
/// the input's shape (batch excluded) except along <c>sharedAxes</c> (1-based, the batch being axis 0), where one
/// slope is shared: for (steps, channels) input, <c>sharedAxes: [1]</c> gives one slope per channel. Alpha starts at
/// zeros (Keras's default alpha_initializer), i.e. as a ReLU.
/// </summary>
public sealed class PReLU : Layer
{
    private readonly int[] _sharedAxes;
    private readonly IInitializer _alphaInitializer;
    private Parameter? _alpha;
    private int[] _alphaIndex = [];
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _inputGradient;

    public PReLU(int[]? sharedAxes = null, string alphaInitializer = "zeros", string? name = null) : base(name)
    {
        _sharedAxes = sharedAxes is null ? [] : (int[])sharedAxes.Clone();
        _alphaInitializer = Initializer.Get(alphaInitializer);
    }

    public override string KerasTypeName => "PReLU";

    public override IReadOnlyList<Parameter> Parameters => _alpha is null ? [] : [_alpha];

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>
    {
        ["shared_axes"] = _sharedAxes.Length == 0 ? "None" : $"[{string.Join(", ", _sharedAxes)}]",
        ["alpha_initializer"] = _alphaInitializer.KerasName,
    };

    protected override Shape BuildCore(Shape inputShape, Rng rng)
    {
        var dims = inputShape.Dimensions.ToArray();
        foreach (var axis in _sharedAxes)
        {
            if (axis < 1 || axis > dims.Length)
            {
                throw new ArgumentException($"PReLU layer '{Name}': shared axis {axis} is outside 1..{dims.Length} for input {inputShape} (axis 0 is the batch).", nameof(inputShape));
            }

            dims[axis - 1] = 1;
        }

        var alphaShape = new Shape(dims);
        _alpha = new Parameter("alpha", alphaShape);
        _alphaInitializer.Fill(_alpha.Value, alphaShape.ElementCount, alphaShape.ElementCount, rng);

        // For each position in one sample, the slope it uses: the row-major index with shared axes collapsed to 0.
        _alphaIndex = new int[inputShape.ElementCount];
        var inputDims = inputShape.Dimensions;
        for (var flat = 0; flat < _alphaIndex.Length; flat++)
        {
            int rest = flat, index = 0, stride = 1;
            for (var axis = inputDims.Length - 1; axis >= 0; axis--)
            {
                var coordinate = rest % inputDims[axis];
                rest /= inputDims[axis];
                index += (dims[axis] == 1 ? 0 : coordinate) * stride;
                stride *= dims[axis];
            }

            _alphaIndex[flat] = index;
        }

        return inputShape;
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureBuilt();
        _input = input;
        var y = Tensor.Ensure(ref _output, input.Shape);
        var x = input.ReadOnlySpan;
        var ys = y.Span;
        var alpha = _alpha!.Value.ReadOnlySpan;
        var perSample = _alphaIndex.Length;
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i];
            ys[i] = v > 0f ? v : alpha[_alphaIndex[i % perSample]] * v;
        }

        return y;
    }

    /// <summary>dx = dy where x > 0, else alpha · dy; dAlpha = Σ over the batch and shared axes of dy · x where x ≤ 0.</summary>
    public override Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (_input is null)
        {
            throw new InvalidOperationException($"Layer '{Name}': Backward called before Forward.");
        }

        var dx = Tensor.Ensure(ref _inputGradient, _input.Shape);
        var x = _input.ReadOnlySpan;
        var dy = outputGradient.ReadOnlySpan;
        var dxs = dx.Span;
        var alpha = _alpha!.Value.ReadOnlySpan;
        var dAlpha = _alpha.Gradient.Span;
        dAlpha.Clear();
        var perSample = _alphaIndex.Length;
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i];
            var g = dy[i];
            if (v > 0f)
            {
                dxs[i] = g;
            }
            else
            {
                var a = _alphaIndex[i % perSample];
                dxs[i] = alpha[a] * g;
                dAlpha[a] += g * v;
            }
        }

        return dx;
    }
}
