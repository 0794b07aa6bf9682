namespace Edge.Engine.Layers.Recurrent;

/// <summary>
/// Keras's <c>LSTM(units, return_sequences=False)</c> with its defaults: activation tanh, recurrent_activation sigmoid,
/// use_bias, unit_forget_bias (forget-gate bias starts at 1, Jozefowicz et al. 2015), zero initial state.
/// Weights pack the gates [i | f | c | o]. Parameters: 4 * units * (features + units + 1).
/// Per step: z_t = x_t W + b (done for all steps up front) + h_{t-1} U, then the fused <see cref="LstmStep"/>.
/// </summary>
public sealed class LSTM : RecurrentLayer
{
    private float[] _cell = [];
    private float[] _tanhCell = [];
    private float[] _cellGradient = [];

    public LSTM(int units, bool returnSequences = false, string? name = null) : base(units, returnSequences, name)
    {
    }

    public override string KerasTypeName => "LSTM";

    protected override int GateCount => 4;

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>(base.Config, StringComparer.Ordinal)
    {
        ["activation"] = "tanh",
        ["recurrent_activation"] = "sigmoid",
        ["unit_forget_bias"] = "true",
    };

    protected override void InitializeBias(Span<float> bias)
    {
        bias.Clear();
        bias.Slice(Units, Units).Fill(1f);
    }

    protected override void EnsureStepBuffers(int batch, int steps)
    {
        _cell = Grown(_cell, (steps + 1) * batch * Units);
        _tanhCell = Grown(_tanhCell, steps * batch * Units);
        _cellGradient = Grown(_cellGradient, batch * Units);
    }

    protected override void ForwardSteps(int batch, int steps)
    {
        int state = batch * Units, gw = GateWidth;
        _cell.AsSpan(0, state).Clear();
        for (var t = 0; t < steps; t++)
        {
            AddRecurrentProjection(t, batch);
            LstmStep.Forward(batch, Units, Gates.AsSpan(t * batch * gw, batch * gw), _cell.AsSpan(t * state, state),
                _cell.AsSpan((t + 1) * state, state), _tanhCell.AsSpan(t * state, state), Hidden.AsSpan((t + 1) * state, state));
        }
    }

    protected override void BackwardSteps(int batch, int steps)
    {
        int state = batch * Units, gw = GateWidth;
        _cellGradient.AsSpan(0, state).Clear();
        for (var t = steps - 1; t >= 0; t--)
        {
            LstmStep.Backward(batch, Units, Gates.AsSpan(t * batch * gw, batch * gw), _cell.AsSpan(t * state, state),
                _tanhCell.AsSpan(t * state, state), HiddenGradients.AsSpan(t * state, state), _cellGradient.AsSpan(0, state),
                GateGradients.AsSpan(t * batch * gw, batch * gw));
            PropagateToPreviousState(t, batch);
        }
    }
}
