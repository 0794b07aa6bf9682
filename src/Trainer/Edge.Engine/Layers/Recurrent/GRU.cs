using System.Numerics;
using Edge.Engine.Kernels;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Edge.Engine.Layers.Recurrent;

/// <summary>
/// Keras's <c>GRU(units, return_sequences=False)</c> with its Keras 2/3 defaults: reset_after=True (the cuDNN
/// variant of Cho et al. 2014), activation tanh, recurrent_activation sigmoid. Gates pack [z | r | h]; the bias is
/// (2, 3*units): row 0 is added to x W, row 1 to h U. Parameters: 3 * units * (features + units + 2).
/// <code>
///   [x_z, x_r, x_h] = x_t W + b_in          [u_z, u_r, u_h] = h_{t-1} U + b_rec
///   z = sigmoid(x_z + u_z)   r = sigmoid(x_r + u_r)   g = tanh(x_h + r * u_h)
///   h_t = z * h_{t-1} + (1 - z) * g
/// </code>
/// </summary>
public sealed class GRU : RecurrentLayer
{
    private float[] _recurrent = [];
    private float[] _recurrentCandidate = [];
    private float[] _recurrentGradients = [];

    public GRU(int units, bool returnSequences = false, string? name = null) : base(units, returnSequences, name)
    {
    }

    public override string KerasTypeName => "GRU";

    protected override int GateCount => 3;

    protected override int BiasRows => 2;

    protected override float[] RecurrentGateGradients => _recurrentGradients;

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>(base.Config, StringComparer.Ordinal)
    {
        ["activation"] = "tanh",
        ["recurrent_activation"] = "sigmoid",
        ["reset_after"] = "true",
    };

    protected override void EnsureStepBuffers(int batch, int steps)
    {
        _recurrent = Grown(_recurrent, batch * GateWidth);
        _recurrentCandidate = Grown(_recurrentCandidate, steps * batch * Units);
        _recurrentGradients = Grown(_recurrentGradients, steps * batch * GateWidth);
    }

    protected override void ForwardSteps(int batch, int steps)
    {
        int units = Units, state = batch * units, gw = GateWidth;
        var recurrentBias = Bias.Value.ReadOnlySpan[gw..];
        for (var t = 0; t < steps; t++)
        {
            // reset_after keeps h U apart from x W: r multiplies only the candidate's recurrent part.
            Sgemm.Multiply(false, false, batch, gw, units, 1f, Hidden.AsSpan(t * state, state), units,
                RecurrentKernel.Value.ReadOnlySpan, gw, 0f, _recurrent, gw);
            for (var b = 0; b < batch; b++)
            {
                var gates = Gates.AsSpan(((t * batch) + b) * gw, gw);
                var recurrent = _recurrent.AsSpan(b * gw, gw);
                TensorPrimitives.Add(recurrent, recurrentBias, recurrent);
                var zr = gates[..(2 * units)];
                TensorPrimitives.Add(zr, recurrent[..(2 * units)], zr);
                TensorPrimitives.Sigmoid(zr, zr);

                var r = gates.Slice(units, units);
                var candidate = gates[(2 * units)..];
                var recurrentCandidate = recurrent[(2 * units)..];
                recurrentCandidate.CopyTo(_recurrentCandidate.AsSpan((t * state) + (b * units), units));
                TensorPrimitives.FusedMultiplyAdd(r, recurrentCandidate, candidate, candidate);
                TensorPrimitives.Tanh(candidate, candidate);

                // h = z * h_prev + (1 - z) * g = g + z * (h_prev - g)
                var h = Hidden.AsSpan(((t + 1) * state) + (b * units), units);
                TensorPrimitives.Subtract(Hidden.AsSpan((t * state) + (b * units), units), candidate, h);
                TensorPrimitives.FusedMultiplyAdd(gates[..units], h, candidate, h);
            }
        }
    }

    protected override void BackwardSteps(int batch, int steps)
    {
        int units = Units, state = batch * units, gw = GateWidth;
        for (var t = steps - 1; t >= 0; t--)
        {
            for (var b = 0; b < batch; b++)
            {
                var row = ((t * batch) + b) * gw;
                var at = (t * state) + (b * units);
                var gates = Gates.AsSpan(row, gw);
                var dInput = GateGradients.AsSpan(row, gw);
                var dRecurrent = _recurrentGradients.AsSpan(row, gw);
                var hPrevious = Hidden.AsSpan(at, units);
                var recurrentCandidate = _recurrentCandidate.AsSpan(at, units);
                var dh = HiddenGradients.AsSpan(at, units);
                GateGradientsOfRow(units, gates, hPrevious, recurrentCandidate, dh, dInput, dRecurrent);

                if (t > 0)
                {
                    // The direct path of h_t = z * h_{t-1} + ...
                    var dhPrevious = HiddenGradients.AsSpan(at - state, units);
                    TensorPrimitives.FusedMultiplyAdd(dh, gates[..units], dhPrevious, dhPrevious);
                }
            }

            PropagateToPreviousState(t, batch);
        }
    }

    /// <summary>
    /// One sample's pre-activation gradients, from h = g + z (h_prev - g), g = tanh(x_h + r u_h), r and z sigmoids:
    /// dz = dh (h_prev - g) z(1-z); dg = dh (1-z)(1-g^2); dr = dg u_h r(1-r); the candidate's recurrent part gets dg r.
    /// </summary>
    private static void GateGradientsOfRow(int units, ReadOnlySpan<float> gates, ReadOnlySpan<float> hPrevious,
        ReadOnlySpan<float> recurrentCandidate, ReadOnlySpan<float> dh, Span<float> dInput, Span<float> dRecurrent)
    {
        // The same formulas at two widths: SIMD vectors, then a scalar tail.
        var z = gates[..units];
        var r = gates.Slice(units, units);
        var g = gates[(2 * units)..];
        var one = Vector<float>.One;
        var j = 0;
        for (; j <= units - Vector<float>.Count; j += Vector<float>.Count)
        {
            var vz = new Vector<float>(z[j..]);
            var vr = new Vector<float>(r[j..]);
            var vg = new Vector<float>(g[j..]);
            var vdh = new Vector<float>(dh[j..]);
            var dz = vdh * (new Vector<float>(hPrevious[j..]) - vg) * vz * (one - vz);
            var dCandidate = vdh * (one - vz) * (one - (vg * vg));
            var dr = dCandidate * new Vector<float>(recurrentCandidate[j..]) * vr * (one - vr);
            dz.CopyTo(dInput[j..]);
            dz.CopyTo(dRecurrent[j..]);
            dr.CopyTo(dInput[(units + j)..]);
            dr.CopyTo(dRecurrent[(units + j)..]);
            dCandidate.CopyTo(dInput[((2 * units) + j)..]);
            (dCandidate * vr).CopyTo(dRecurrent[((2 * units) + j)..]);
        }

        for (; j < units; j++)
        {
            var dz = dh[j] * (hPrevious[j] - g[j]) * z[j] * (1 - z[j]);
            var dCandidate = dh[j] * (1 - z[j]) * (1 - (g[j] * g[j]));
            var dr = dCandidate * recurrentCandidate[j] * r[j] * (1 - r[j]);
            dInput[j] = dRecurrent[j] = dz;
            dInput[units + j] = dRecurrent[units + j] = dr;
            dInput[(2 * units) + j] = dCandidate;
            dRecurrent[(2 * units) + j] = dCandidate * r[j];
        }
    }
}
