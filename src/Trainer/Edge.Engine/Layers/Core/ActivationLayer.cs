using Edge.Engine.Activations;
using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Core;

/// <summary>Keras's <c>Activation</c> layer: applies an activation over the last axis; no weights.</summary>
public class ActivationLayer : Layer
{
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _inputGradient;

    public ActivationLayer(string activation, string? name = null) : this(Activations.Activation.Get(activation), name)
    {
    }

    public ActivationLayer(IActivation activation, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(activation);
        Activation = activation;
    }

    public IActivation Activation { get; }

    public override string KerasTypeName => "Activation";

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string> { ["activation"] = Activation.Name };

    protected override Shape BuildCore(Shape inputShape, Rng rng) => inputShape;

    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureBuilt();
        _input = input;
        var output = Tensor.Ensure(ref _output, input.Shape);
        Activation.Forward(input.ReadOnlySpan, output.Span, input.Shape[-1]);
        return output;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (_input is null || _output is null)
        {
            throw new InvalidOperationException($"Layer '{Name}': Backward called before Forward.");
        }

        var inputGradient = Tensor.Ensure(ref _inputGradient, _input.Shape);
        Activation.Backward(_input.ReadOnlySpan, _output.ReadOnlySpan, outputGradient.ReadOnlySpan, inputGradient.Span, _input.Shape[-1]);
        return inputGradient;
    }
}
