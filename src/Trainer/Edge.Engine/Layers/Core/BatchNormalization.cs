using System.Globalization;
using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Core;

/// <summary>
/// keras.layers.BatchNormalization over the last axis (Ioffe and Szegedy 2015, arXiv:1502.03167, Algorithm 1), with
/// Keras's defaults momentum 0.99 and epsilon 1e-3. Every other axis (batch, steps, rows, cols) is reduced.
/// Training: y = gamma * (x - mean_B) / sqrt(var_B + eps) + beta with the batch's biased variance, and
/// moving = moving * momentum + batch * (1 - momentum) (Keras 3 updates the moving variance with the biased batch
/// variance too). Inference uses the moving statistics. Weights in Keras's order: gamma, beta, moving_mean,
/// moving_variance; the last two are non-trainable and their gradients stay zero.
/// </summary>
public sealed class BatchNormalization : Layer
{
    private Parameter? _gamma;
    private Parameter? _beta;
    private Parameter? _movingMean;
    private Parameter? _movingVariance;
    private Parameter[] _parameters = [];
    private double[] _sum = [];
    private double[] _sumSquares = [];
    private float[] _mean = [];
    private float[] _inverseStd = [];
    private bool _trainingStep;
    private Tensor? _normalized;
    private Tensor? _output;
    private Tensor? _inputGradient;

    public BatchNormalization(double momentum = 0.99, double epsilon = 1e-3, string? name = null)
        : base(name)
    {
        if (!(momentum >= 0 && momentum <= 1) || !(epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), $"BatchNormalization needs momentum in [0, 1] and epsilon > 0; got {momentum} and {epsilon}.");
        }

        Momentum = momentum;
        Epsilon = epsilon;
    }

    public override string KerasTypeName => "BatchNormalization";

    public double Momentum { get; }

    public double Epsilon { get; }

    public override IReadOnlyList<Parameter> Parameters => _parameters;

    private int Channels => InputShape[-1];

    protected override Shape BuildCore(Shape inputShape, Rng rng)
    {
        if (inputShape.Rank < 1 || inputShape[-1] < 1)
        {
            throw new ArgumentException($"Layer '{Name}' (BatchNormalization) needs a non-empty last axis; got input {inputShape}.", nameof(inputShape));
        }

        var c = new Shape(inputShape[-1]);
        _gamma = new Parameter("gamma", c);
        _beta = new Parameter("beta", c);
        _movingMean = new Parameter("moving_mean", c, trainable: false);
        _movingVariance = new Parameter("moving_variance", c, trainable: false);
        _gamma.Value.Span.Fill(1f);
        _movingVariance.Value.Span.Fill(1f);
        _parameters = [_gamma, _beta, _movingMean, _movingVariance];
        _sum = new double[c[0]];
        _sumSquares = new double[c[0]];
        _mean = new float[c[0]];
        _inverseStd = new float[c[0]];
        return inputShape;
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureBuilt();
        BatchShape.Check(this, input);

        var channels = Channels;
        var x = input.ReadOnlySpan;
        var rows = x.Length / channels;
        _trainingStep = training && rows > 0;
        if (_trainingStep)
        {
            BatchStatistics(x, rows);
        }
        else
        {
            for (var c = 0; c < channels; c++)
            {
                _mean[c] = _movingMean!.Value[c];
                _inverseStd[c] = (float)(1 / Math.Sqrt(_movingVariance!.Value[c] + Epsilon));
            }
        }

        var xhat = Tensor.Ensure(ref _normalized, input.Shape).Span;
        var y = Tensor.Ensure(ref _output, input.Shape);
        var output = y.Span;
        var gamma = _gamma!.Value.ReadOnlySpan;
        var beta = _beta!.Value.ReadOnlySpan;
        for (var i = 0; i < x.Length; i++)
        {
            var c = i % channels;
            xhat[i] = (x[i] - _mean[c]) * _inverseStd[c];
            output[i] = (gamma[c] * xhat[i]) + beta[c];
        }

        return y;
    }

    /// <summary>Sets the batch mean and 1/sqrt(var + eps) per channel and moves the running statistics toward them.</summary>
    private void BatchStatistics(ReadOnlySpan<float> x, int rows)
    {
        var channels = Channels;
        Array.Clear(_sum);
        Array.Clear(_sumSquares);
        for (var i = 0; i < x.Length; i++)
        {
            _sum[i % channels] += x[i];
        }

        for (var c = 0; c < channels; c++)
        {
            _mean[c] = (float)(_sum[c] / rows);
        }

        // Two passes: the variance from centred values does not cancel catastrophically.
        for (var i = 0; i < x.Length; i++)
        {
            double d = x[i] - _mean[i % channels];
            _sumSquares[i % channels] += d * d;
        }

        var movingMean = _movingMean!.Value.Span;
        var movingVariance = _movingVariance!.Value.Span;
        for (var c = 0; c < channels; c++)
        {
            var variance = _sumSquares[c] / rows;
            _inverseStd[c] = (float)(1 / Math.Sqrt(variance + Epsilon));
            movingMean[c] = (float)((movingMean[c] * Momentum) + (_mean[c] * (1 - Momentum)));
            movingVariance[c] = (float)((movingVariance[c] * Momentum) + (variance * (1 - Momentum)));
        }
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var xhat = (_normalized ?? throw new InvalidOperationException($"Layer '{Name}': Backward called before Forward.")).ReadOnlySpan;
        var channels = Channels;
        var dy = outputGradient.ReadOnlySpan;
        var rows = dy.Length / channels;
        var dGamma = _gamma!.Gradient.Span;
        var dBeta = _beta!.Gradient.Span;
        Array.Clear(_sum);
        Array.Clear(_sumSquares);
        for (var i = 0; i < dy.Length; i++)
        {
            _sum[i % channels] += dy[i];
            _sumSquares[i % channels] += (double)dy[i] * xhat[i];
        }

        for (var c = 0; c < channels; c++)
        {
            dBeta[c] = (float)_sum[c];
            dGamma[c] = (float)_sumSquares[c];
        }

        _movingMean!.Gradient.Clear();
        _movingVariance!.Gradient.Clear();

        var dx = Tensor.Ensure(ref _inputGradient, outputGradient.Shape).Span;
        var gamma = _gamma.Value.ReadOnlySpan;
        for (var i = 0; i < dy.Length; i++)
        {
            var c = i % channels;
            var scale = gamma[c] * _inverseStd[c];
            // Training: the batch mean and variance depend on x, giving
            // dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat)); inference: dx = gamma * invStd * dy.
            dx[i] = _trainingStep
                ? scale * (float)(dy[i] - (_sum[c] / rows) - (xhat[i] * _sumSquares[c] / rows))
                : scale * dy[i];
        }

        return _inputGradient!;
    }

    /// <summary>At inference BatchNormalization is one multiply-add per element (scale and shift folded).</summary>
    public override long ForwardMacsPerSample => IsBuilt ? InputShape.ElementCount : 0;

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>
    {
        ["axis"] = "-1",
        ["momentum"] = Momentum.ToString("R", CultureInfo.InvariantCulture),
        ["epsilon"] = Epsilon.ToString("R", CultureInfo.InvariantCulture),
        ["center"] = "True",
        ["scale"] = "True",
    };
}
