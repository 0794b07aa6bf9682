namespace Edge.Engine.Layers.Recurrent;

/// <summary>
/// The obvious, one-element-at-a-time LSTM step in double precision, with the same contract as <see cref="LstmStep"/>:
/// the oracle the fused kernel is tested against. Not used in training.
/// </summary>
public static class ReferenceLstmStep
{
    public static void Forward(int batch, int units, Span<float> gates, ReadOnlySpan<float> cellPrevious,
        Span<float> cell, Span<float> tanhCell, Span<float> hidden)
    {
        LstmStep.CheckLengths(batch, units, gates.Length, cellPrevious.Length, cell.Length, tanhCell.Length, hidden.Length);
        for (var b = 0; b < batch; b++)
        {
            for (var u = 0; u < units; u++)
            {
                var at = (b * 4 * units) + u;
                var i = Sigmoid(gates[at]);
                var f = Sigmoid(gates[at + units]);
                var g = Math.Tanh(gates[at + (2 * units)]);
                var o = Sigmoid(gates[at + (3 * units)]);
                var c = (f * cellPrevious[(b * units) + u]) + (i * g);
                var h = o * Math.Tanh(c);

                gates[at] = (float)i;
                gates[at + units] = (float)f;
                gates[at + (2 * units)] = (float)g;
                gates[at + (3 * units)] = (float)o;
                cell[(b * units) + u] = (float)c;
                tanhCell[(b * units) + u] = (float)Math.Tanh(c);
                hidden[(b * units) + u] = (float)h;
            }
        }
    }

    /// <summary>Chain rule written out term by term from c = f c_prev + i g, h = o tanh(c).</summary>
    public static void Backward(int batch, int units, ReadOnlySpan<float> gates, ReadOnlySpan<float> cellPrevious,
        ReadOnlySpan<float> tanhCell, ReadOnlySpan<float> hiddenGradient, Span<float> cellGradient, Span<float> gateGradients)
    {
        LstmStep.CheckLengths(batch, units, gates.Length, cellPrevious.Length, cellGradient.Length, tanhCell.Length, hiddenGradient.Length);
        for (var b = 0; b < batch; b++)
        {
            for (var u = 0; u < units; u++)
            {
                var at = (b * 4 * units) + u;
                var s = (b * units) + u;
                double i = gates[at], f = gates[at + units], g = gates[at + (2 * units)], o = gates[at + (3 * units)];
                double tanhC = tanhCell[s], dh = hiddenGradient[s];

                var dOutputGate = dh * tanhC;
                var dCell = cellGradient[s] + (dh * o * (1 - (tanhC * tanhC)));
                var dInputGate = dCell * g;
                var dForgetGate = dCell * cellPrevious[s];
                var dCandidate = dCell * i;

                gateGradients[at] = (float)(dInputGate * i * (1 - i));
                gateGradients[at + units] = (float)(dForgetGate * f * (1 - f));
                gateGradients[at + (2 * units)] = (float)(dCandidate * (1 - (g * g)));
                gateGradients[at + (3 * units)] = (float)(dOutputGate * o * (1 - o));
                cellGradient[s] = (float)(dCell * f);
            }
        }
    }

    private static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
