using System.Globalization;
using Edge.Engine.Kernels;
using Edge.Engine.Layers.Recurrent;
using Edge.Engine.Tensors;

namespace Edge.Bench;

/// <summary>
/// A recurrent layer's training step (forward + backward through time) against the SGEMMs it issues, timed alone
/// with the same shapes: one input projection, T-1 recurrent steps h U, T-1 backward steps dZ U^T, and the three
/// all-steps gradients dW, dU, dX. The ratio is the share of the step spent in SGEMM; the rest is the per-step gate
/// math, the time-major transposes and the bias sums. Also the fused LSTM step kernel against its scalar reference.
/// </summary>
internal static class RecurrentBench
{
    private sealed record Case(string Name, Func<RecurrentLayer> Make, int Gates, int Units, int Steps, int Features, int Batch);

    private static readonly Case[] Cases =
    [
        // The shape TrainBench and SgemmBench use: 148 weeks x 7 days, LSTM(128), batch 64.
        new("LSTM(128), 148 x 7", () => new LSTM(128), 4, 128, 148, 7, 64),
        // The seed-lstm shape on a short window: one feature per step.
        new("LSTM(128), 30 x 1", () => new LSTM(128), 4, 128, 30, 1, 64),
        new("LSTM(16), 30 x 1 (memory task)", () => new LSTM(16), 4, 16, 30, 1, 32),
        new("GRU(128), 148 x 7", () => new GRU(128), 3, 128, 148, 7, 64),
        new("SimpleRNN(128), 148 x 7", () => new SimpleRNN(128), 1, 128, 148, 7, 64),
    ];

    public static void Run(IReadOnlyList<int> threadCounts)
    {
        var peak = FmaPeak.Measure(1).PerCpuSecond;
        Console.WriteLine(Invariant($"FMA peak, 1 thread: {peak:F1} GFLOP per CPU-second"));
        Console.WriteLine($"Register kernel: {MicroKernel.Best}; load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine();
        Console.WriteLine("| layer | batch | threads | step ms (median wall) | SGEMMs ms (wall) | SGEMM share (CPU time) | step GFLOP per CPU-s | % of 1-core peak |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var c in Cases)
        {
            var layer = c.Make();
            layer.Build(new Shape(c.Steps, c.Features), new Rng(1));
            var x = RandomTensor.Uniform(new Shape(c.Batch, c.Steps, c.Features), 2);
            var dy = RandomTensor.Uniform(layer.OutputShape.WithBatch(c.Batch), 3);
            var products = Products(c);
            foreach (var t in threadCounts)
            {
                ComputeSettings.ThreadCount = t;
                var step = Timing.Measure(() =>
                {
                    layer.Forward(x, training: true);
                    layer.Backward(dy);
                });
                var gemms = Timing.Measure(products.Run);
                var gflop = products.Flop / 1e9;
                Console.WriteLine(Invariant(
                    $"| {c.Name} | {c.Batch} | {t} | {step.WallSeconds * 1e3:F2} | {gemms.WallSeconds * 1e3:F2} | {100 * gemms.CpuSeconds / step.CpuSeconds:F0}% | {gflop / step.CpuSeconds:F1} | {100 * gflop / step.CpuSeconds / peak:F0}% |"));
            }
        }

        ComputeSettings.ThreadCount = Environment.ProcessorCount;
        Console.WriteLine();
        StepKernel(64, 128);
    }

    /// <summary>The fused, vectorised LSTM step (forward + backward) against the scalar double-precision reference.</summary>
    private static void StepKernel(int batch, int units)
    {
        var state = batch * units;
        var pre = RandomTensor.Uniform(new Shape(4 * state), 4).Buffer;
        var gates = new float[4 * state];
        var cellPrevious = RandomTensor.Uniform(new Shape(state), 5).Buffer;
        var dh = RandomTensor.Uniform(new Shape(state), 6).Buffer;
        float[] cell = new float[state], tanhCell = new float[state], hidden = new float[state], dc = new float[state], dGates = new float[4 * state];
        var fused = Timing.Measure(() =>
        {
            pre.CopyTo(gates, 0);
            LstmStep.Forward(batch, units, gates, cellPrevious, cell, tanhCell, hidden);
            LstmStep.Backward(batch, units, gates, cellPrevious, tanhCell, dh, dc, dGates);
        });
        var reference = Timing.Measure(() =>
        {
            pre.CopyTo(gates, 0);
            ReferenceLstmStep.Forward(batch, units, gates, cellPrevious, cell, tanhCell, hidden);
            ReferenceLstmStep.Backward(batch, units, gates, cellPrevious, tanhCell, dh, dc, dGates);
        });
        Console.WriteLine(Invariant(
            $"LSTM step kernel, batch {batch} x {units} units, forward + backward: fused {fused.CpuSeconds * 1e6:F1} us CPU, reference {reference.CpuSeconds * 1e6:F1} us CPU, ratio {reference.CpuSeconds / fused.CpuSeconds:F1}x; {fused.CpuSeconds * 1e9 / state:F2} ns per unit-sample"));
    }

    private sealed record ProductSet(Action Run, double Flop);

    /// <summary>The SGEMMs of one forward + backward pass, on scratch buffers of the layer's shapes.</summary>
    private static ProductSet Products(Case c)
    {
        int gw = c.Gates * c.Units, rows = c.Steps * c.Batch, u = c.Units, f = c.Features, b = c.Batch;
        float[] xs = new float[rows * f], z = new float[rows * gw], h = new float[(rows + b) * u], w = new float[f * gw], r = new float[u * gw];
        float[] dz = new float[rows * gw], dh = new float[rows * u], dw = new float[f * gw], dr = new float[u * gw], dx = new float[rows * f];
        var flop = 2.0 * ((3.0 * rows * f * gw) + (3.0 * rows * u * gw) - (2.0 * b * u * gw));
        return new ProductSet(() =>
        {
            Sgemm.Multiply(false, false, rows, gw, f, 1f, xs, f, w, gw, 0f, z, gw);
            for (var t = 1; t < c.Steps; t++)
            {
                Sgemm.Multiply(false, false, b, gw, u, 1f, h.AsSpan(t * b * u), u, r, gw, 1f, z.AsSpan(t * b * gw), gw);
            }

            for (var t = c.Steps - 1; t > 0; t--)
            {
                Sgemm.Multiply(false, true, b, u, gw, 1f, dz.AsSpan(t * b * gw), gw, r, gw, 1f, dh.AsSpan((t - 1) * b * u), u);
            }

            Sgemm.Multiply(true, false, f, gw, rows, 1f, xs, f, dz, gw, 0f, dw, gw);
            Sgemm.Multiply(true, false, u, gw, rows, 1f, h, u, dz, gw, 0f, dr, gw);
            Sgemm.Multiply(false, true, rows, f, gw, 1f, dz, gw, w, gw, 0f, dx, f);
        }, flop);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
