using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Edge.Engine.Layers.Recurrent;

/// <summary>
/// The elementwise part of one LSTM step for a whole batch, fused into one pass per row over SIMD vectors
/// (Hochreiter and Schmidhuber 1997, with the forget gate of Gers et al. 2000, as Keras computes it):
/// <code>
///   i = sigmoid(z_i)   f = sigmoid(z_f)   g = tanh(z_c)   o = sigmoid(z_o)
///   c_t = f * c_{t-1} + i * g
///   h_t = o * tanh(c_t)
/// </code>
/// Each row of <c>gates</c> holds Keras's packing [i | f | c | o], units wide each. <see cref="ReferenceLstmStep"/>
/// computes the same in plain double-precision loops and is what the tests hold this kernel to.
/// </summary>
public static class LstmStep
{
    /// <summary>
    /// gates: (batch, 4*units) pre-activations in, activations [i, f, g, o] out (kept for backward).
    /// cellPrevious, cell, tanhCell, hidden: (batch, units).
    /// </summary>
    public static void Forward(int batch, int units, Span<float> gates, ReadOnlySpan<float> cellPrevious,
        Span<float> cell, Span<float> tanhCell, Span<float> hidden)
    {
        CheckLengths(batch, units, gates.Length, cellPrevious.Length, cell.Length, tanhCell.Length, hidden.Length);
        for (var b = 0; b < batch; b++)
        {
            var row = gates.Slice(b * 4 * units, 4 * units);
            TensorPrimitives.Sigmoid(row[..(2 * units)], row[..(2 * units)]);
            TensorPrimitives.Tanh(row.Slice(2 * units, units), row.Slice(2 * units, units));
            TensorPrimitives.Sigmoid(row[(3 * units)..], row[(3 * units)..]);

            var i = row[..units];
            var f = row.Slice(units, units);
            var g = row.Slice(2 * units, units);
            var cp = cellPrevious.Slice(b * units, units);
            var c = cell.Slice(b * units, units);
            var tc = tanhCell.Slice(b * units, units);

            // c = f * c_prev + i * g
            var j = 0;
            for (; j <= units - Vector<float>.Count; j += Vector<float>.Count)
            {
                var v = (Load(f, j) * Load(cp, j)) + (Load(i, j) * Load(g, j));
                v.CopyTo(c[j..]);
            }

            for (; j < units; j++)
            {
                c[j] = (f[j] * cp[j]) + (i[j] * g[j]);
            }

            TensorPrimitives.Tanh(c, tc);
            TensorPrimitives.Multiply(row[(3 * units)..], tc, hidden.Slice(b * units, units));
        }
    }

    /// <summary>
    /// Backward of <see cref="Forward"/> for one step. hiddenGradient is the total dL/dh_t. cellGradient holds
    /// dL/dc_t arriving from step t+1 on entry (zeros at the last step) and dL/dc_{t-1} on exit.
    /// gateGradients receives dL/d(pre-activations) [i, f, c, o].
    /// </summary>
    public static void Backward(int batch, int units, ReadOnlySpan<float> gates, ReadOnlySpan<float> cellPrevious,
        ReadOnlySpan<float> tanhCell, ReadOnlySpan<float> hiddenGradient, Span<float> cellGradient, Span<float> gateGradients)
    {
        CheckLengths(batch, units, gates.Length, cellPrevious.Length, cellGradient.Length, tanhCell.Length, hiddenGradient.Length);
        if (gateGradients.Length < batch * 4 * units)
        {
            throw new ArgumentException($"gateGradients holds {gateGradients.Length} floats; {batch} x {4 * units} needed.", nameof(gateGradients));
        }

        var one = Vector<float>.One;
        for (var b = 0; b < batch; b++)
        {
            var row = gates.Slice(b * 4 * units, 4 * units);
            var i = row[..units];
            var f = row.Slice(units, units);
            var g = row.Slice(2 * units, units);
            var o = row[(3 * units)..];
            var cp = cellPrevious.Slice(b * units, units);
            var tc = tanhCell.Slice(b * units, units);
            var dh = hiddenGradient.Slice(b * units, units);
            var dc = cellGradient.Slice(b * units, units);
            var dRow = gateGradients.Slice(b * 4 * units, 4 * units);
            var di = dRow[..units];
            var df = dRow.Slice(units, units);
            var dg = dRow.Slice(2 * units, units);
            var dO = dRow[(3 * units)..];

            var j = 0;
            for (; j <= units - Vector<float>.Count; j += Vector<float>.Count)
            {
                var vi = Load(i, j);
                var vf = Load(f, j);
                var vg = Load(g, j);
                var vo = Load(o, j);
                var vtc = Load(tc, j);
                var vdh = Load(dh, j);

                // dc_t = dc from t+1 + dh * o * tanh'(c_t); then the products' rule for c_t = f c_{t-1} + i g.
                var vdc = Load(dc, j) + (vdh * vo * (one - (vtc * vtc)));
                (vdc * vi * vg * (one - vi)).CopyTo(di[j..]);
                (vdc * Load(cp, j) * vf * (one - vf)).CopyTo(df[j..]);
                (vdc * vi * (one - (vg * vg))).CopyTo(dg[j..]);
                (vdh * vtc * vo * (one - vo)).CopyTo(dO[j..]);
                (vdc * vf).CopyTo(dc[j..]);
            }

            for (; j < units; j++)
            {
                var dcj = dc[j] + (dh[j] * o[j] * (1 - (tc[j] * tc[j])));
                di[j] = dcj * g[j] * i[j] * (1 - i[j]);
                df[j] = dcj * cp[j] * f[j] * (1 - f[j]);
                dg[j] = dcj * i[j] * (1 - (g[j] * g[j]));
                dO[j] = dh[j] * tc[j] * o[j] * (1 - o[j]);
                dc[j] = dcj * f[j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(ReadOnlySpan<float> span, int offset) =>
        Vector.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)offset);

    internal static void CheckLengths(int batch, int units, int gates, int cellPrevious, int cell, int tanhCell, int hidden)
    {
        var state = batch * units;
        if (gates < 4 * state || cellPrevious < state || cell < state || tanhCell < state || hidden < state)
        {
            throw new ArgumentException(
                $"LSTM step buffers too small for batch {batch} x units {units}: gates {gates} (need {4 * state}), " +
                $"states {cellPrevious}/{cell}/{tanhCell}/{hidden} (need {state} each).");
        }
    }
}
