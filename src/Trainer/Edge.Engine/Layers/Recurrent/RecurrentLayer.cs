using System.Globalization;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Edge.Engine.Initializers;
using Edge.Engine.Kernels;
using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Recurrent;

/// <summary>
/// What SimpleRNN, LSTM and GRU share: Keras's weights (kernel (features, G*units) glorot_uniform, recurrent_kernel
/// (units, G*units) orthogonal, bias zeros) for G gate blocks, input (batch, timesteps, features), and the parts of
/// backpropagation through time that are plain matrix products over all timesteps at once.
/// <para>
/// Internally everything is time-major, (timesteps, batch, ...): the input is transposed once, so step t's rows are
/// one contiguous block, the input projection X W for all steps is ONE Sgemm ([T*batch x F] x [F x G*units]), and so
/// are the kernel, recurrent-kernel and input gradients in the backward pass. Only h_{t-1} U and its gradient run
/// per step. Hidden states are kept with a zero block h_0 in front, so "all previous states" is one contiguous
/// (T*batch x units) matrix too. Buffers grow to the largest batch seen and are then reused.
/// With one timestep (the seed's CNN-LSTM and LSTM read all days as a single step) or one sample, time-major and
/// batch-major are the same layout: the input and its gradient are then used in place, not copied.
/// </para>
/// </summary>
public abstract class RecurrentLayer : Layer
{
    private Parameter? _kernel;
    private Parameter? _recurrentKernel;
    private Parameter? _bias;
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _inputGradient;
    private float[] _inputTimeMajor = [];
    private float[] _inputGradientTimeMajor = [];
    private int _batch = -1;
    private int _steps = -1;

    protected RecurrentLayer(int units, bool returnSequences, string? name) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units);
        Units = units;
        ReturnSequences = returnSequences;
    }

    public int Units { get; }

    /// <summary>Keras's return_sequences: true gives every step's state (batch, timesteps, units), false the last (batch, units).</summary>
    public bool ReturnSequences { get; }

    /// <summary>Gate blocks packed side by side in the weights: 1 for SimpleRNN, 4 for LSTM (i, f, c, o), 3 for GRU (z, r, h).</summary>
    protected abstract int GateCount { get; }

    /// <summary>Rows of the bias: 1, or 2 for GRU with reset_after (input bias, recurrent bias).</summary>
    protected virtual int BiasRows => 1;

    protected int GateWidth => GateCount * Units;

    public Parameter Kernel => _kernel ?? throw NotBuilt();

    public Parameter RecurrentKernel => _recurrentKernel ?? throw NotBuilt();

    public Parameter Bias => _bias ?? throw NotBuilt();

    public override IReadOnlyList<Parameter> Parameters => _kernel is null ? [] : [_kernel, _recurrentKernel!, _bias!];

    public override long ForwardMacsPerSample => IsBuilt ? (long)InputShape[0] * GateWidth * (InputShape[1] + Units) : 0;

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["units"] = Units.ToString(CultureInfo.InvariantCulture),
        ["return_sequences"] = ReturnSequences ? "true" : "false",
    };

    /// <summary>Pre-activations of every step, (T, batch, G*units); subclasses may overwrite them with activations.</summary>
    protected float[] Gates { get; private set; } = [];

    /// <summary>dLoss/d(pre-activation) on the input side, (T, batch, G*units), filled by <see cref="BackwardSteps"/>.</summary>
    protected float[] GateGradients { get; private set; } = [];

    /// <summary>Hidden states h_0 .. h_T, (T+1, batch, units); block 0 is the zero initial state.</summary>
    protected float[] Hidden { get; private set; } = [];

    /// <summary>
    /// dLoss/dh_t, (T, batch, units): holds the gradient arriving from the output; <see cref="BackwardSteps"/> adds the
    /// gradient flowing back from step t+1 into block t before using it.
    /// </summary>
    protected float[] HiddenGradients { get; private set; } = [];

    /// <summary>
    /// dLoss/d(h_{t-1} U + recurrent bias), (T, batch, G*units), from which the recurrent kernel's gradient is formed.
    /// Equal to <see cref="GateGradients"/> except in GRU, where the reset gate sits between the two.
    /// </summary>
    protected virtual float[] RecurrentGateGradients => GateGradients;

    protected override Shape BuildCore(Shape inputShape, Rng rng)
    {
        if (inputShape.Rank != 2)
        {
            throw new ArgumentException(
                $"{KerasTypeName} layer '{Name}' expects input of shape (timesteps, features) per sample; got {inputShape}.", nameof(inputShape));
        }

        var features = inputShape[1];
        _kernel = new Parameter("kernel", new Shape(features, GateWidth));
        _recurrentKernel = new Parameter("recurrent_kernel", new Shape(Units, GateWidth));
        _bias = new Parameter("bias", BiasRows == 1 ? new Shape(GateWidth) : new Shape(BiasRows, GateWidth));
        new GlorotUniform().Fill(_kernel.Value, features, GateWidth, rng);
        new Orthogonal().Fill(_recurrentKernel.Value, Units, GateWidth, rng);
        InitializeBias(_bias.Value.Span);
        return ReturnSequences ? new Shape(inputShape[0], Units) : new Shape(Units);
    }

    /// <summary>Keras's bias initializer is zeros; LSTM's unit_forget_bias overrides this.</summary>
    protected virtual void InitializeBias(Span<float> bias) => bias.Clear();

    /// <summary>Sizes the subclass's own per-step buffers for (steps, batch). Called only when either changes.</summary>
    protected abstract void EnsureStepBuffers(int batch, int steps);

    /// <summary>
    /// Runs the recurrence for t = 0 .. steps-1. On entry <see cref="Gates"/> holds x_t W + b (input bias) for every
    /// step; on exit <see cref="Hidden"/> blocks 1..steps hold h_1..h_T, and whatever backward needs is kept.
    /// </summary>
    protected abstract void ForwardSteps(int batch, int steps);

    /// <summary>
    /// Runs t = steps-1 .. 0: fills <see cref="GateGradients"/> (and <see cref="RecurrentGateGradients"/>) for every step,
    /// adding each step's dLoss/dh_{t-1} into block t-1 of <see cref="HiddenGradients"/>.
    /// </summary>
    protected abstract void BackwardSteps(int batch, int steps);

    /// <summary>Gates block t += h_{t-1} U, the per-step half of z_t = x_t W + b + h_{t-1} U. Nothing to add at t = 0 (h_0 = 0).</summary>
    protected void AddRecurrentProjection(int t, int batch)
    {
        if (t > 0)
        {
            int state = batch * Units, gw = GateWidth;
            Sgemm.Multiply(false, false, batch, gw, Units, 1f, Hidden.AsSpan(t * state, state), Units,
                RecurrentKernel.Value.ReadOnlySpan, gw, 1f, Gates.AsSpan(t * batch * gw, batch * gw), gw);
        }
    }

    /// <summary>dL/dh_{t-1} += dZrec_t U^T: the gradient step t sends back through the recurrent kernel.</summary>
    protected void PropagateToPreviousState(int t, int batch)
    {
        if (t > 0)
        {
            int state = batch * Units, gw = GateWidth;
            Sgemm.Multiply(false, true, batch, Units, gw, 1f, RecurrentGateGradients.AsSpan(t * batch * gw, batch * gw), gw,
                RecurrentKernel.Value.ReadOnlySpan, gw, 1f, HiddenGradients.AsSpan((t - 1) * state, state), Units);
        }
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureBuilt();
        var features = InputShape[1];
        if (input.Shape.Rank != 3 || input.Shape[2] != features)
        {
            throw new ArgumentException(
                $"{KerasTypeName} layer '{Name}' expects input (batch, timesteps, {features}); got {input.Shape}.", nameof(input));
        }

        var batch = input.Shape[0];
        var steps = input.Shape[1];
        if (steps == 0)
        {
            throw new ArgumentException($"{KerasTypeName} layer '{Name}' got an input with zero timesteps.", nameof(input));
        }

        Resize(batch, steps);
        var rows = steps * batch;
        var gw = GateWidth;
        _input = input;
        if (!SameInBothLayouts(batch, steps))
        {
            SwapLeadingAxes(input.ReadOnlySpan, _inputTimeMajor, batch, steps, features);
        }

        Sgemm.Multiply(false, false, rows, gw, features, 1f,
            InputTimeMajor(rows * features), features, Kernel.Value.ReadOnlySpan, gw, 0f, Gates, gw);
        var inputBias = Bias.Value.ReadOnlySpan[..gw];
        for (var r = 0; r < rows; r++)
        {
            var row = Gates.AsSpan(r * gw, gw);
            TensorPrimitives.Add(row, inputBias, row);
        }

        Hidden.AsSpan(0, batch * Units).Clear();
        ForwardSteps(batch, steps);

        var hidden = Hidden.AsSpan(batch * Units, rows * Units);
        if (ReturnSequences)
        {
            SwapLeadingAxes(hidden, _output!.Span, steps, batch, Units);
        }
        else
        {
            hidden[((steps - 1) * batch * Units)..].CopyTo(_output!.Span);
        }

        return _output;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (_output is null)
        {
            throw new InvalidOperationException($"{KerasTypeName} layer '{Name}': Backward called before Forward.");
        }

        if (outputGradient.Shape != _output.Shape)
        {
            throw new ArgumentException(
                $"{KerasTypeName} layer '{Name}': output gradient has shape {outputGradient.Shape}, expected {_output.Shape}.", nameof(outputGradient));
        }

        int batch = _batch, steps = _steps, features = InputShape[1], gw = GateWidth;
        var rows = steps * batch;
        var dh = HiddenGradients.AsSpan(0, rows * Units);
        if (ReturnSequences)
        {
            SwapLeadingAxes(outputGradient.ReadOnlySpan, dh, batch, steps, Units);
        }
        else
        {
            dh.Clear();
            outputGradient.ReadOnlySpan.CopyTo(dh[((steps - 1) * batch * Units)..]);
        }

        BackwardSteps(batch, steps);

        var dz = GateGradients.AsSpan(0, rows * gw);
        var dRecurrent = RecurrentGateGradients.AsSpan(0, rows * gw);

        // dW = X^T dZ and dU = H_prev^T dZ_rec, summed over every (step, sample) row at once; h_0 = 0 contributes nothing.
        Sgemm.Multiply(true, false, features, gw, rows, 1f, InputTimeMajor(rows * features), features, dz, gw, 0f, Kernel.Gradient.Span, gw);
        Sgemm.Multiply(true, false, Units, gw, rows, 1f, Hidden, Units, dRecurrent, gw, 0f, RecurrentKernel.Gradient.Span, gw);

        var biasGradient = Bias.Gradient.Span;
        SumRows(dz, rows, gw, biasGradient[..gw]);
        if (BiasRows == 2)
        {
            SumRows(dRecurrent, rows, gw, biasGradient[gw..]);
        }

        if (SameInBothLayouts(batch, steps))
        {
            Sgemm.Multiply(false, true, rows, features, gw, 1f, dz, gw, Kernel.Value.ReadOnlySpan, gw, 0f, _inputGradient!.Span, features);
        }
        else
        {
            Sgemm.Multiply(false, true, rows, features, gw, 1f, dz, gw, Kernel.Value.ReadOnlySpan, gw, 0f, _inputGradientTimeMajor, features);
            SwapLeadingAxes(_inputGradientTimeMajor, _inputGradient!.Span, steps, batch, features);
        }

        return _inputGradient;
    }

    /// <summary>(batch, steps, ...) and (steps, batch, ...) hold the same sequence of rows when either count is 1.</summary>
    private static bool SameInBothLayouts(int batch, int steps) => batch == 1 || steps == 1;

    /// <summary>The last input, time-major: the input tensor itself when the layouts agree, else its transposed copy.</summary>
    private ReadOnlySpan<float> InputTimeMajor(int length) =>
        SameInBothLayouts(_batch, _steps) ? _input!.ReadOnlySpan[..length] : _inputTimeMajor.AsSpan(0, length);

    private void Resize(int batch, int steps)
    {
        if (batch == _batch && steps == _steps)
        {
            return;
        }

        var features = InputShape[1];
        var rows = steps * batch;
        Gates = Grown(Gates, rows * GateWidth);
        GateGradients = Grown(GateGradients, rows * GateWidth);
        Hidden = Grown(Hidden, (rows + batch) * Units);
        HiddenGradients = Grown(HiddenGradients, rows * Units);
        if (!SameInBothLayouts(batch, steps))
        {
            _inputTimeMajor = Grown(_inputTimeMajor, rows * features);
            _inputGradientTimeMajor = Grown(_inputGradientTimeMajor, rows * features);
        }

        Tensor.Ensure(ref _output, ReturnSequences ? new Shape(batch, steps, Units) : new Shape(batch, Units));
        Tensor.Ensure(ref _inputGradient, new Shape(batch, steps, features));
        EnsureStepBuffers(batch, steps);
        _batch = batch;
        _steps = steps;
    }

    /// <summary>The buffer itself when long enough, else a new zeroed one of the given length.</summary>
    protected static float[] Grown(float[] buffer, int length) => buffer.Length >= length ? buffer : new float[length];

    /// <summary>(d0, d1, rowLength) to (d1, d0, rowLength): batch-major to time-major and back.</summary>
    private static void SwapLeadingAxes(ReadOnlySpan<float> source, Span<float> destination, int d0, int d1, int rowLength)
    {
        for (var i = 0; i < d0; i++)
        {
            for (var j = 0; j < d1; j++)
            {
                source.Slice(((i * d1) + j) * rowLength, rowLength).CopyTo(destination.Slice(((j * d0) + i) * rowLength, rowLength));
            }
        }
    }

    private static void SumRows(ReadOnlySpan<float> matrix, int rows, int columns, Span<float> sums)
    {
        sums.Clear();
        for (var r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(sums, matrix.Slice(r * columns, columns), sums);
        }
    }

    private InvalidOperationException NotBuilt() =>
        new($"{KerasTypeName} layer '{Name}' has no weights yet; build it (add it to a model and build or compile) first.");
}
