using Edge.Engine.Activations;

namespace Edge.Engine.Layers.Recurrent;

/// <summary>
/// Keras's <c>SimpleRNN(units, activation='tanh', return_sequences=False)</c> (Elman 1990):
/// h_t = activation(x_t W + h_{t-1} U + b), h_0 = 0. Parameters: units * (features + units + 1).
/// Forward keeps the pre-activations z_t (in <see cref="RecurrentLayer.Gates"/>) and h_t; backward is
/// dz_t = activation'(z_t) * (dL/dh_t from the output + dz_{t+1} U^T).
/// </summary>
public sealed class SimpleRNN : RecurrentLayer
{
    private readonly IActivation _activation;

    public SimpleRNN(int units, bool returnSequences = false, string activation = "tanh", string? name = null)
        : base(units, returnSequences, name)
    {
        _activation = Activation.Get(activation);
    }

    public override string KerasTypeName => "SimpleRNN";

    protected override int GateCount => 1;

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>(base.Config, StringComparer.Ordinal)
    {
        ["activation"] = _activation.Name,
    };

    protected override void EnsureStepBuffers(int batch, int steps)
    {
    }

    protected override void ForwardSteps(int batch, int steps)
    {
        var state = batch * Units;
        for (var t = 0; t < steps; t++)
        {
            AddRecurrentProjection(t, batch);
            _activation.Forward(Gates.AsSpan(t * state, state), Hidden.AsSpan((t + 1) * state, state), Units);
        }
    }

    protected override void BackwardSteps(int batch, int steps)
    {
        var state = batch * Units;
        for (var t = steps - 1; t >= 0; t--)
        {
            _activation.Backward(Gates.AsSpan(t * state, state), Hidden.AsSpan((t + 1) * state, state),
                HiddenGradients.AsSpan(t * state, state), GateGradients.AsSpan(t * state, state), Units);
            PropagateToPreviousState(t, batch);
        }
    }
}
