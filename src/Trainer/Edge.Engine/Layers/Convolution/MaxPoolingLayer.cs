using Edge.Engine.Layers.Core;
using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Convolution;

/// <summary>
/// Keras's MaxPooling1D/2D on channels-last data: each output is the maximum over its window, per channel. Under
/// "same" padding, padded positions are ignored (TensorFlow pads max pooling with -inf), so every window holds at least
/// one real value. Backward routes each output gradient to the input element that won (the first, on ties).
/// </summary>
public abstract class MaxPoolingLayer : Layer
{
    private WindowGrid? _grid;
    private int[] _winners = [];
    private Tensor? _input;
    private Shape _outputShape;
    private Tensor? _output;
    private Tensor? _inputGradient;

    protected MaxPoolingLayer(int[] poolSize, int[]? strides, string padding, string? name)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(poolSize);
        PoolSize = poolSize;
        Strides = strides ?? poolSize; // Keras: strides default to pool_size
        Padding = PaddingNames.Parse(padding, KerasTypeName);
        IsIdentity = PoolSize.All(p => p == 1) && Strides.All(s => s == 1);
    }

    /// <summary>
    /// Windows of one element at stride 1 (the seed CNN's MaxPooling1D(1)): the output is the input and the gradient
    /// passes through unchanged, so the layer hands both on as they are instead of copying a (batch, 1034, 512) tensor.
    /// </summary>
    private bool IsIdentity { get; }

    public IReadOnlyList<int> PoolSize { get; }

    public IReadOnlyList<int> Strides { get; }

    public Padding Padding { get; }

    /// <summary>Validates the input shape (batch excluded) and returns the window grid and the output shape.</summary>
    protected abstract (WindowGrid Grid, Shape OutputShape) Plan(Shape inputShape);

    protected override Shape BuildCore(Shape inputShape, Rng rng)
    {
        var (grid, outputShape) = Plan(inputShape);
        _grid = grid;
        return outputShape;
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureBuilt();
        var grid = _grid!;
        var batch = BatchShape.Check(this, input);
        _input = input;
        if (IsIdentity)
        {
            return input;
        }

        var y = Tensor.Ensure(ref _output, BatchShape.With(ref _outputShape, OutputShape, batch));
        if (_winners.Length < y.Length)
        {
            _winners = new int[y.Length];
        }

        var channels = grid.Channels;
        var taps = grid.TapOffsets;
        var x = input.ReadOnlySpan;
        var output = y.Span;
        var o = 0;
        for (var s = 0; s < batch; s++)
        {
            var sampleStart = s * grid.InputLengthPerSample;
            for (var p = 0; p < grid.OutputPositions; p++, o += channels)
            {
                var window = taps.Slice(p * grid.TapsPerWindow, grid.TapsPerWindow);
                var first = true;
                foreach (var tap in window)
                {
                    if (tap < 0)
                    {
                        continue;
                    }

                    var at = sampleStart + tap;
                    for (var c = 0; c < channels; c++)
                    {
                        var v = x[at + c];
                        if (first || v > output[o + c])
                        {
                            output[o + c] = v;
                            _winners[o + c] = at + c;
                        }
                    }

                    first = false;
                }
            }
        }

        return y;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var input = _input ?? throw new InvalidOperationException($"Layer '{Name}': Backward called before Forward.");
        if (IsIdentity)
        {
            return outputGradient;
        }

        var dx = Tensor.Ensure(ref _inputGradient, input.Shape);
        dx.Clear();
        var dy = outputGradient.ReadOnlySpan;
        for (var i = 0; i < dy.Length; i++)
        {
            dx[_winners[i]] += dy[i];
        }

        return dx;
    }

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>
    {
        ["pool_size"] = ConvolutionLayer.KerasTuple(PoolSize),
        ["strides"] = ConvolutionLayer.KerasTuple(Strides),
        ["padding"] = Padding.ToKeras(),
    };

    /// <summary>Comparisons, not multiply-accumulates: pooling adds nothing to the MAC count, as in Keras-style FLOP tables.</summary>
    public override long ForwardMacsPerSample => 0;
}
