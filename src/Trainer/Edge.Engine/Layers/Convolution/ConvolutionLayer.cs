using System.Globalization;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Edge.Engine.Activations;
using Edge.Engine.Initializers;
using Edge.Engine.Kernels;
using Edge.Engine.Layers.Core;
using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Convolution;

/// <summary>
/// Keras's convolution (Conv1D, Conv2D) on channels-last data, as im2col followed by one SGEMM per chunk of samples:
/// z = patches * kernel + bias, y = activation(z). The kernel is stored as Keras stores it, (taps..., in, filters), which
/// flattened is exactly the (patchLength x filters) matrix the product needs. Samples are processed in chunks so the
/// patch buffer stays bounded (<see cref="PatchBudget"/>) while each SGEMM still has many rows.
/// </summary>
public abstract class ConvolutionLayer : Layer
{
    /// <summary>Largest patch buffer in floats (8 MiB by default), unless one sample alone needs more. Tests lower it to force several chunks.</summary>
    internal int PatchBudget { get; init; } = 1 << 21;

    private readonly IInitializer _kernelInitializer;
    private readonly IInitializer _biasInitializer;
    private Parameter? _kernel;
    private Parameter? _bias;
    private Parameter[] _parameters = [];
    private WindowGrid? _grid;
    private int _samplesPerChunk;
    private float[] _patches = [];
    private int _chunkInPatches = -1;
    private Tensor? _input;
    private Shape _outputShape;
    private Tensor? _preActivation;
    private Tensor? _output;
    private Tensor? _preActivationGradient;
    private Tensor? _inputGradient;

    protected ConvolutionLayer(int filters, int[] kernelSize, int[] strides, int[] dilationRate, string padding,
        IActivation? activation, bool useBias, string kernelInitializer, string biasInitializer, string? name)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(kernelSize);
        ArgumentNullException.ThrowIfNull(strides);
        ArgumentNullException.ThrowIfNull(dilationRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(filters);
        Filters = filters;
        KernelSize = kernelSize;
        Strides = strides;
        DilationRate = dilationRate;
        Padding = PaddingNames.Parse(padding, KerasTypeName);
        // Linear is the identity: skipping it saves a pass over the output and the buffers it needs.
        Activation = activation is null || activation.Name == "linear" ? null : activation;
        UseBias = useBias;
        _kernelInitializer = Initializer.Get(kernelInitializer);
        _biasInitializer = Initializer.Get(biasInitializer);
    }

    public int Filters { get; }

    public IReadOnlyList<int> KernelSize { get; }

    public IReadOnlyList<int> Strides { get; }

    public IReadOnlyList<int> DilationRate { get; }

    public Padding Padding { get; }

    /// <summary>Null means linear (no activation).</summary>
    public IActivation? Activation { get; }

    public bool UseBias { get; }

    public Parameter Kernel => _kernel ?? throw new InvalidOperationException($"Layer '{Name}' has not been built.");

    public Parameter? Bias => _bias;

    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The window geometry for one sample (height 1 for one-dimensional layers).</summary>
    internal WindowGrid Grid => _grid ?? throw new InvalidOperationException($"Layer '{Name}' has not been built.");

    /// <summary>Validates the input shape (batch excluded) and returns the window grid and the output shape.</summary>
    protected abstract (WindowGrid Grid, Shape OutputShape) Plan(Shape inputShape);

    /// <summary>Keras's kernel shape, e.g. (kernel_size, in, filters) for Conv1D.</summary>
    protected abstract Shape KernelShape(int inputChannels);

    protected override Shape BuildCore(Shape inputShape, Rng rng)
    {
        var (grid, outputShape) = Plan(inputShape);
        _grid = grid;
        _kernel = new Parameter("kernel", KernelShape(grid.Channels));
        // Keras's _compute_fans for convolutions: receptive field size times input or output channels.
        _kernelInitializer.Fill(_kernel.Value, grid.PatchLength, grid.TapsPerWindow * Filters, rng);
        _bias = null;
        if (UseBias)
        {
            _bias = new Parameter("bias", new Shape(Filters));
            _biasInitializer.Fill(_bias.Value, grid.PatchLength, Filters, rng);
        }

        _parameters = _bias is null ? [_kernel] : [_kernel, _bias];
        _samplesPerChunk = Math.Max(1, PatchBudget / Math.Max(1, grid.OutputPositions * grid.PatchLength));
        return outputShape;
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureBuilt();
        var grid = Grid;
        var batch = BatchShape.Check(this, input);
        _input = input;
        _chunkInPatches = -1; // the input's values may have changed since the last call
        var z = Tensor.Ensure(ref _preActivation, BatchShape.With(ref _outputShape, OutputShape, batch));
        var y = Activation is null ? z : Tensor.Ensure(ref _output, z.Shape);
        var rowsPerSample = grid.OutputPositions;
        for (var first = 0; first < batch; first += _samplesPerChunk)
        {
            var count = Math.Min(_samplesPerChunk, batch - first);
            var zChunk = z.Span.Slice(first * rowsPerSample * Filters, count * rowsPerSample * Filters);
            Sgemm.Multiply(false, false, count * rowsPerSample, Filters, grid.PatchLength, 1f,
                PatchesOf(input, first, count), grid.PatchLength, Kernel.Value.ReadOnlySpan, Filters, 0f, zChunk, Filters);
            AddBiasAndActivate(zChunk, y.Span.Slice(first * rowsPerSample * Filters, zChunk.Length));
        }

        return y;
    }

    /// <summary>Rows of output values handled together by the elementwise passes: small enough to stay in L1 between them.</summary>
    private int BlockLength => Math.Max(1, 4096 / Filters) * Filters;

    /// <summary>z += bias, y = activation(z), block by block so the second pass reads what the first left in cache.</summary>
    private void AddBiasAndActivate(Span<float> z, Span<float> y)
    {
        for (var start = 0; start < z.Length; start += BlockLength)
        {
            var zBlock = z.Slice(start, Math.Min(BlockLength, z.Length - start));
            if (_bias is not null)
            {
                for (var row = 0; row < zBlock.Length; row += Filters)
                {
                    var r = zBlock.Slice(row, Filters);
                    TensorPrimitives.Add(r, _bias.Value.ReadOnlySpan, r);
                }
            }

            Activation?.Forward(zBlock, y.Slice(start, zBlock.Length), Filters);
        }
    }

    /// <summary>dz = activation'(z) * dy and dBias = sum of dz's rows, block by block (one pass over memory, not two).</summary>
    private void ActivationAndBiasGradients(ReadOnlySpan<float> dy, Span<float> dz)
    {
        var dBias = _bias is null ? default : _bias.Gradient.Span;
        dBias.Clear();
        for (var start = 0; start < dy.Length; start += BlockLength)
        {
            var length = Math.Min(BlockLength, dy.Length - start);
            var dzBlock = dz.Slice(start, length);
            if (Activation is not null)
            {
                Activation.Backward(_preActivation!.ReadOnlySpan.Slice(start, length), _output!.ReadOnlySpan.Slice(start, length),
                    dy.Slice(start, length), dzBlock, Filters);
            }

            if (_bias is not null)
            {
                ReadOnlySpan<float> source = Activation is null ? dy.Slice(start, length) : dzBlock;
                for (var row = 0; row < length; row += Filters)
                {
                    TensorPrimitives.Add(dBias, source.Slice(row, Filters), dBias);
                }
            }
        }
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var input = _input ?? throw new InvalidOperationException($"Layer '{Name}': Backward called before Forward.");
        var grid = Grid;
        var batch = input.Shape[0];
        var dz = Activation is null ? outputGradient : Tensor.Ensure(ref _preActivationGradient, outputGradient.Shape);
        ActivationAndBiasGradients(outputGradient.ReadOnlySpan, dz.Span);

        var dKernel = Kernel.Gradient.Span;
        dKernel.Clear(); // for an empty batch; otherwise the first product below overwrites it
        var dx = Tensor.Ensure(ref _inputGradient, input.Shape);
        if (!grid.IsPointwise)
        {
            dx.Clear();
        }

        var rowsPerSample = grid.OutputPositions;
        var chunks = (batch + _samplesPerChunk - 1) / _samplesPerChunk;
        // Last chunk first: Forward left its patches in the buffer, so one im2col is saved.
        for (var c = chunks - 1; c >= 0; c--)
        {
            var first = c * _samplesPerChunk;
            var count = Math.Min(_samplesPerChunk, batch - first);
            var rows = count * rowsPerSample;
            var dzChunk = dz.ReadOnlySpan.Slice(first * rowsPerSample * Filters, rows * Filters);
            var dxChunk = dx.Span.Slice(first * grid.InputLengthPerSample, count * grid.InputLengthPerSample);
            // dKernel (+)= patches^T * dz
            Sgemm.Multiply(true, false, grid.PatchLength, Filters, rows, 1f,
                PatchesOf(input, first, count), grid.PatchLength, dzChunk, Filters, c == chunks - 1 ? 0f : 1f, dKernel, Filters);
            // dPatches = dz * kernel^T, then folded back onto the input positions (col2im).
            if (grid.IsPointwise)
            {
                Sgemm.Multiply(false, true, rows, grid.PatchLength, Filters, 1f,
                    dzChunk, Filters, Kernel.Value.ReadOnlySpan, Filters, 0f, dxChunk, grid.PatchLength);
            }
            else
            {
                var dPatches = _patches.AsSpan(0, rows * grid.PatchLength);
                _chunkInPatches = -1;
                Sgemm.Multiply(false, true, rows, grid.PatchLength, Filters, 1f,
                    dzChunk, Filters, Kernel.Value.ReadOnlySpan, Filters, 0f, dPatches, grid.PatchLength);
                Im2Col.Fold(grid, dPatches, count, dxChunk);
            }
        }

        return dx;
    }

    /// <summary>The patch matrix of samples [first, first + count): the input itself for 1x1 windows, else im2col into the shared buffer.</summary>
    private ReadOnlySpan<float> PatchesOf(Tensor input, int first, int count)
    {
        var grid = Grid;
        if (grid.IsPointwise)
        {
            return input.ReadOnlySpan.Slice(first * grid.InputLengthPerSample, count * grid.InputLengthPerSample);
        }

        var length = count * grid.OutputPositions * grid.PatchLength;
        if (_patches.Length < length)
        {
            _patches = new float[Math.Max(length, _samplesPerChunk * grid.OutputPositions * grid.PatchLength)];
            _chunkInPatches = -1;
        }

        var patches = _patches.AsSpan(0, length);
        if (_chunkInPatches != first)
        {
            Im2Col.Expand(grid, input.ReadOnlySpan.Slice(first * grid.InputLengthPerSample, count * grid.InputLengthPerSample), count, patches);
            _chunkInPatches = first;
        }

        return patches;
    }

    public override long ForwardMacsPerSample => _grid is null ? 0 : (long)_grid.OutputPositions * _grid.PatchLength * Filters;

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>
    {
        ["filters"] = Filters.ToString(CultureInfo.InvariantCulture),
        ["kernel_size"] = KerasTuple(KernelSize),
        ["strides"] = KerasTuple(Strides),
        ["padding"] = Padding.ToKeras(),
        ["dilation_rate"] = KerasTuple(DilationRate),
        ["activation"] = Activation?.Name ?? "linear",
        ["use_bias"] = UseBias ? "true" : "false",
        ["kernel_initializer"] = _kernelInitializer.KerasName,
        ["bias_initializer"] = _biasInitializer.KerasName,
    };

    /// <summary>Python's tuple spelling, as Keras prints it: (3,) or (3, 3).</summary>
    internal static string KerasTuple(IReadOnlyList<int> values) => new Shape([.. values]).ToString();
}
