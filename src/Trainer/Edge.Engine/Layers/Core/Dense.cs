using System.Globalization;
using System.Numerics.Tensors;
using Edge.Engine.Activations;
using Edge.Engine.Initializers;
using Edge.Engine.Kernels;
using Edge.Engine.Tensors;
using Tensor = Edge.Engine.Tensors.Tensor;

namespace Edge.Engine.Layers.Core;

/// <summary>
/// Keras's <c>Dense</c>: y = activation(x · kernel + bias) over the last axis of an input of any rank, so (batch, in)
/// becomes (batch, units) and (batch, steps, in) becomes (batch, steps, units). The kernel is (in, units), initialised
/// glorot_uniform; the bias is (units), initialised zeros (Keras defaults).
/// </summary>
public sealed class Dense : Layer
{
    private readonly IInitializer _kernelInitializer;
    private readonly IInitializer _biasInitializer;
    private Parameter? _kernel;
    private Parameter? _bias;
    private Tensor? _input;
    private Tensor? _preActivation;
    private Tensor? _output;
    private Tensor? _preActivationGradient;
    private Tensor? _inputGradient;
    private Shape _lastInputShape;
    private Shape _lastOutputShape;

    public Dense(int units, string? activation = null, bool useBias = true,
        string kernelInitializer = "glorot_uniform", string biasInitializer = "zeros", string? name = null)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units);
        Units = units;
        Activation = Activations.Activation.Get(activation);
        UseBias = useBias;
        _kernelInitializer = Initializer.Get(kernelInitializer);
        _biasInitializer = Initializer.Get(biasInitializer);
    }

    public int Units { get; }

    public IActivation Activation { get; }

    public bool UseBias { get; }

    public override string KerasTypeName => "Dense";

    public override IReadOnlyList<Parameter> Parameters =>
        _kernel is null ? [] : _bias is null ? [_kernel] : [_kernel, _bias];

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>
    {
        ["units"] = Units.ToString(CultureInfo.InvariantCulture),
        ["activation"] = Activation.Name,
        ["use_bias"] = UseBias ? "true" : "false",
        ["kernel_initializer"] = _kernelInitializer.KerasName,
        ["bias_initializer"] = _biasInitializer.KerasName,
    };

    /// <summary>in × units multiply-adds for every row of the last axis.</summary>
    public override long ForwardMacsPerSample => IsBuilt ? (long)InputShape.ElementCount * Units : 0;

    protected override Shape BuildCore(Shape inputShape, Rng rng)
    {
        if (inputShape.Rank < 1 || inputShape[-1] < 1)
        {
            throw new ArgumentException($"Dense layer '{Name}' needs an input with a non-empty last axis; got {inputShape}.", nameof(inputShape));
        }

        var inputs = inputShape[-1];
        _kernel = new Parameter("kernel", new Shape(inputs, Units));
        _kernelInitializer.Fill(_kernel.Value, inputs, Units, rng);
        if (UseBias)
        {
            _bias = new Parameter("bias", new Shape(Units));
            _biasInitializer.Fill(_bias.Value, inputs, Units, rng);
        }

        return WithLastAxis(inputShape, Units);
    }

    private static Shape WithLastAxis(Shape shape, int size)
    {
        var dims = shape.Dimensions.ToArray();
        dims[^1] = size;
        return new Shape(dims);
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureBuilt();
        var inputs = _kernel!.Value.Shape[0];
        if (input.Shape.Rank < 2 || input.Shape[-1] != inputs)
        {
            throw new ArgumentException($"Dense layer '{Name}' expects inputs of shape (batch, ..., {inputs}); got {input.Shape}.", nameof(input));
        }

        if (!input.Shape.Equals(_lastInputShape))
        {
            // A new batch shape: the only place this layer allocates (a Shape), so steady-state batches do not.
            _lastInputShape = input.Shape;
            _lastOutputShape = WithLastAxis(input.Shape, Units);
        }

        _input = input;
        var rows = input.Length / inputs;
        var z = Tensor.Ensure(ref _preActivation, _lastOutputShape);
        Sgemm.Multiply(false, false, rows, Units, inputs, 1f, input.ReadOnlySpan, inputs, _kernel.Value.ReadOnlySpan, Units, 0f, z.Span, Units);
        if (_bias is not null)
        {
            var bias = _bias.Value.ReadOnlySpan;
            var zs = z.Span;
            for (var r = 0; r < rows; r++)
            {
                var row = zs.Slice(r * Units, Units);
                TensorPrimitives.Add(row, bias, row);
            }
        }

        if (Activation is Linear)
        {
            return z;
        }

        var y = Tensor.Ensure(ref _output, _lastOutputShape);
        Activation.Forward(z.ReadOnlySpan, y.Span, Units);
        return y;
    }

    /// <summary>
    /// dz = activation'(z) ⊙ dy; dKernel = xᵀ · dz; dBias = Σ_rows dz; dx = dz · kernelᵀ.
    /// </summary>
    public override Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (_input is null || _preActivation is null)
        {
            throw new InvalidOperationException($"Layer '{Name}': Backward called before Forward.");
        }

        var dz = outputGradient;
        if (Activation is not Linear)
        {
            dz = Tensor.Ensure(ref _preActivationGradient, _lastOutputShape);
            Activation.Backward(_preActivation.ReadOnlySpan, _output!.ReadOnlySpan, outputGradient.ReadOnlySpan, dz.Span, Units);
        }

        return BackwardFromPreActivation(dz);
    }

    /// <summary>z = x · kernel + bias from the last Forward, before the activation (the logits of a sigmoid/softmax head).</summary>
    internal Tensor? PreActivation => _preActivation;

    /// <summary>Backward given dLoss/dz directly, skipping the activation (used when the loss is fused with it).</summary>
    internal Tensor BackwardFromPreActivation(Tensor dz)
    {
        if (_input is null)
        {
            throw new InvalidOperationException($"Layer '{Name}': Backward called before Forward.");
        }

        var inputs = _kernel!.Value.Shape[0];
        var rows = _input.Length / inputs;
        Sgemm.Multiply(true, false, inputs, Units, rows, 1f, _input.ReadOnlySpan, inputs, dz.ReadOnlySpan, Units, 0f, _kernel.Gradient.Span, Units);
        if (_bias is not null)
        {
            var db = _bias.Gradient.Span;
            db.Clear();
            var dzs = dz.ReadOnlySpan;
            for (var r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(db, dzs.Slice(r * Units, Units), db);
            }
        }

        var dx = Tensor.Ensure(ref _inputGradient, _input.Shape);
        Sgemm.Multiply(false, true, rows, inputs, Units, 1f, dz.ReadOnlySpan, Units, _kernel.Value.ReadOnlySpan, Units, 0f, dx.Span, inputs);
        return dx;
    }
}
