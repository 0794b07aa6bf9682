using System.Globalization;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Core;

/// <summary>
/// keras.layers.Dropout, inverted (Srivastava et al. 2014, JMLR 15, with the rescaling at training time as Keras does):
/// in training each element is kept with probability 1 - rate and scaled by 1 / (1 - rate); at inference it is the
/// identity. The mask comes from a generator forked from the model's at Build, so a seeded run repeats exactly.
/// </summary>
public sealed class Dropout : Layer
{
    private Rng? _rng;
    private float[] _mask = [];
    private bool _maskApplied;
    private Tensor? _output;
    private Tensor? _inputGradient;

    public Dropout(double rate, string? name = null)
        : base(name)
    {
        if (!(rate >= 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "Dropout rate must be in [0, 1).");
        }

        Rate = rate;
    }

    public override string KerasTypeName => "Dropout";

    public double Rate { get; }

    /// <summary>For tests: keep the current mask instead of drawing a new one each training step (needed for finite differences).</summary>
    internal bool HoldMask { get; set; }

    protected override Shape BuildCore(Shape inputShape, Rng rng)
    {
        _rng = rng.Fork();
        return inputShape;
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureBuilt();
        _maskApplied = training && Rate > 0;
        if (!_maskApplied)
        {
            return input;
        }

        var n = input.Length;
        if (!HoldMask || _mask.Length < n)
        {
            if (_mask.Length < n)
            {
                _mask = new float[n];
            }

            var keep = (float)(1 / (1 - Rate));
            for (var i = 0; i < n; i++)
            {
                _mask[i] = _rng!.NextDouble() >= Rate ? keep : 0f;
            }
        }

        var y = Tensor.Ensure(ref _output, input.Shape);
        TensorPrimitives.Multiply(input.ReadOnlySpan, _mask.AsSpan(0, n), y.Span);
        return y;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (!_maskApplied)
        {
            return outputGradient;
        }

        var dx = Tensor.Ensure(ref _inputGradient, outputGradient.Shape);
        TensorPrimitives.Multiply(outputGradient.ReadOnlySpan, _mask.AsSpan(0, outputGradient.Length), dx.Span);
        return dx;
    }

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>
    {
        ["rate"] = Rate.ToString("R", CultureInfo.InvariantCulture),
    };
}
