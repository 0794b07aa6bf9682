using Edge.Engine.Layers.Core;
using Edge.Engine.Models;
using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Wrappers;

/// <summary>
/// Keras's <c>TimeDistributed(layer)</c>: applies one inner layer (any <see cref="Layer"/>, including a Sequential,
/// as in the seed's <c>TimeDistributed(cnn_model)</c>) to every timestep with shared weights.
/// Input (batch, timesteps, inner input...) is folded to (batch*timesteps, inner input...) — a view, no copy, since
/// row-major data keep each (sample, step) slice contiguous — run through the inner layer, and the result unfolded
/// to (batch, timesteps, inner output...). Backward folds and unfolds the same way, so the inner layer's parameter
/// gradients come out summed over batch and time, as Keras's are.
/// </summary>
public sealed class TimeDistributed : Layer
{
    private readonly TensorView _foldedInput = new();
    private readonly TensorView _output = new();
    private readonly TensorView _foldedOutputGradient = new();
    private readonly TensorView _inputGradient = new();
    private Shape _foldedInputShape;
    private Shape _outputShape;
    private Shape _foldedOutputShape;
    private Shape _inputShape;
    private int _batch = -1;
    private int _steps = -1;

    public TimeDistributed(Layer layer, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Layer = layer;
    }

    /// <summary>The wrapped layer; its weights are this layer's weights.</summary>
    public Layer Layer { get; }

    public override string KerasTypeName => "TimeDistributed";

    public override IReadOnlyList<Parameter> Parameters => Layer.Parameters;

    public override long ForwardMacsPerSample => IsBuilt ? InputShape[0] * Layer.ForwardMacsPerSample : 0;

    /// <summary>The wrapped layer's architecture (type and config, not its generated name), as Keras nests the inner config.</summary>
    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["layer"] = Sequential.Describe(Layer),
    };

    protected override Shape BuildCore(Shape inputShape, Rng rng)
    {
        if (inputShape.Rank < 2)
        {
            throw new ArgumentException(
                $"TimeDistributed layer '{Name}' expects input (timesteps, ...) per sample with at least one axis after time; got {inputShape}.", nameof(inputShape));
        }

        var stepShape = inputShape.WithoutFirst();
        if (Layer.IsBuilt)
        {
            if (!Layer.InputShape.Equals(stepShape))
            {
                throw new ArgumentException(
                    $"TimeDistributed layer '{Name}': the wrapped layer '{Layer.Name}' was built for input {Layer.InputShape.ToString(true)} " +
                    $"but each timestep of {inputShape.ToString(true)} is {stepShape.ToString(true)}.", nameof(inputShape));
            }
        }
        else
        {
            Layer.Build(stepShape, rng);
        }

        return new Shape([inputShape[0], .. Layer.OutputShape.Dimensions]);
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureBuilt();
        var shape = input.Shape;
        if (shape.Rank != InputShape.Rank + 1 || !shape.Dimensions[2..].SequenceEqual(Layer.InputShape.Dimensions))
        {
            throw new ArgumentException(
                $"TimeDistributed layer '{Name}' expects input (batch, timesteps, {string.Join(", ", Layer.InputShape.Dimensions.ToArray())}); got {shape}.", nameof(input));
        }

        ResizeViews(shape[0], shape[1]);
        var output = Layer.Forward(_foldedInput.Of(input, _foldedInputShape), training);
        return _output.Of(output, _outputShape);
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (_batch < 0)
        {
            throw new InvalidOperationException($"TimeDistributed layer '{Name}': Backward called before Forward.");
        }

        if (!outputGradient.Shape.Equals(_outputShape))
        {
            throw new ArgumentException(
                $"TimeDistributed layer '{Name}': output gradient has shape {outputGradient.Shape}, expected {_outputShape}.", nameof(outputGradient));
        }

        var inputGradient = Layer.Backward(_foldedOutputGradient.Of(outputGradient, _foldedOutputShape));
        return _inputGradient.Of(inputGradient, _inputShape);
    }

    /// <summary>Shapes are built only when batch or timesteps change, so a steady training loop allocates nothing here.</summary>
    private void ResizeViews(int batch, int steps)
    {
        if (batch == _batch && steps == _steps)
        {
            return;
        }

        _inputShape = new Shape([batch, steps, .. Layer.InputShape.Dimensions]);
        _foldedInputShape = new Shape([batch * steps, .. Layer.InputShape.Dimensions]);
        _outputShape = new Shape([batch, steps, .. Layer.OutputShape.Dimensions]);
        _foldedOutputShape = new Shape([batch * steps, .. Layer.OutputShape.Dimensions]);
        _batch = batch;
        _steps = steps;
    }
}
