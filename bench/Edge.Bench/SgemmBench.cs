using System.Globalization;
using Edge.Engine.Kernels;
using Edge.Engine.Tensors;

namespace Edge.Bench;

/// <summary>SGEMM throughput on squares and on the shapes our models' training steps produce, as a share of the measured peak.</summary>
internal static class SgemmBench
{
    private sealed record Case(string Name, bool TransposeA, bool TransposeB, int M, int N, int K);

    // LSTM(128) on 148 steps x 7 features, batch 64, as Layers/Recurrent/RecurrentLayer.cs issues them: gates are
    // 4 x 128 = 512 wide; the input projection and the weight gradients cover all 64 x 148 = 9472 rows at once, the
    // recurrent products run once per step.
    // Conv1D(256 -> 512, kernel 3, same) by im2col: 3 x 256 = 768 columns per position; batch 2 x 1036 positions.
    // seed-cnn-lstm's LSTM(64) at batch 16: one step of 1034 days x 512 filters = 529,408 features, gates 4 x 64 = 256
    // wide, so the kernel W is 529,408 x 256 (542 MB): the products stream W (or write dW) once per call.
    private static readonly Case[] Cases =
    [
        new("square 256", false, false, 256, 256, 256),
        new("square 512", false, false, 512, 512, 512),
        new("square 1024", false, false, 1024, 1024, 1024),
        new("square 1024 NT", false, true, 1024, 1024, 1024),
        new("square 1024 TN", true, false, 1024, 1024, 1024),
        new("square 1024 TT", true, true, 1024, 1024, 1024),
        new("LSTM input projection X W", false, false, 9472, 512, 7),
        new("LSTM recurrent step h U", false, false, 64, 512, 128),
        new("LSTM backward step dh = dZ U^T", false, true, 64, 128, 512),
        new("LSTM backward dU = H^T dZ (all steps)", true, false, 128, 512, 9472),
        new("LSTM backward dW = X^T dZ", true, false, 7, 512, 9472),
        new("LSTM backward dX = dZ W^T", false, true, 9472, 7, 512),
        new("LSTM inference step (batch 1)", false, false, 1, 512, 128),
        new("Conv1D 256->512 im2col forward", false, false, 2072, 512, 768),
        new("Conv1D backward dW = cols^T dY", true, false, 768, 512, 2072),
        new("Conv1D backward dcols = dY W^T", false, true, 2072, 768, 512),
        new("CNN-LSTM input projection X W", false, false, 16, 256, 529408),
        new("CNN-LSTM backward dW = X^T dZ", true, false, 529408, 256, 16),
        new("CNN-LSTM backward dX = dZ W^T", false, true, 16, 529408, 256),
    ];

    public static void Run(IReadOnlyList<int> threadCounts, string filter)
    {
        var peaks = threadCounts.Append(1).Distinct().ToDictionary(t => t, FmaPeak.Measure);
        foreach (var (t, peak) in peaks)
        {
            Console.WriteLine(Invariant($"FMA peak ({FmaPeak.Width}), {t} thread(s): {peak.Wall:F1} GFLOP/s wall, {peak.PerCpuSecond:F1} GFLOP per CPU-second"));
        }

        var perCore = peaks[1].PerCpuSecond;
        Console.WriteLine($"Register kernel: {MicroKernel.Best}; load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine();
        Console.WriteLine("| product | op | m x n x k | threads | GFLOP/s wall (median) | % of peak | GFLOP per CPU-s | % of 1-core peak |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var c in Cases.Where(c => c.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)))
        {
            var (a, b, cBuffer) = Operands(c);
            foreach (var t in threadCounts)
            {
                ComputeSettings.ThreadCount = t;
                var time = Timing.Measure(() => Sgemm.Multiply(c.TransposeA, c.TransposeB, c.M, c.N, c.K, 1f,
                    a, c.TransposeA ? c.M : c.K, b, c.TransposeB ? c.K : c.N, 0f, cBuffer, c.N));
                var gflop = 2.0 * c.M * c.N * c.K / 1e9;
                var (wall, cpu) = (gflop / time.WallSeconds, gflop / time.CpuSeconds);
                Console.WriteLine(Invariant(
                    $"| {c.Name} | {(c.TransposeA ? 'T' : 'N')}{(c.TransposeB ? 'T' : 'N')} | {c.M} x {c.N} x {c.K} | {t} | {wall:F1} | {100 * wall / peaks[t].Wall:F0}% | {cpu:F1} | {100 * cpu / perCore:F0}% |"));
            }
        }

        // The baseline every speed-up is relative to: the double-accumulating triple loop the tests trust.
        if ("reference".Contains(filter, StringComparison.OrdinalIgnoreCase) || filter.Length == 0)
        {
            var r = new Case("reference triple loop 256", false, false, 256, 256, 256);
            var (ra, rb, rc) = Operands(r);
            var time = Timing.Measure(() => ReferenceSgemm.Multiply(false, false, 256, 256, 256, 1f, ra, 256, rb, 256, 0f, rc, 256), 1.0, 3);
            var gflop = 2.0 * 256 * 256 * 256 / 1e9;
            var (wall, cpu) = (gflop / time.WallSeconds, gflop / time.CpuSeconds);
            Console.WriteLine(Invariant(
                $"| {r.Name} | NN | 256 x 256 x 256 | 1 | {wall:F2} | {100 * wall / peaks[1].Wall:F1}% | {cpu:F2} | {100 * cpu / perCore:F1}% |"));
        }

        ComputeSettings.ThreadCount = Environment.ProcessorCount;
    }

    private static (float[] A, float[] B, float[] C) Operands(Case c)
    {
        var rng = new Rng(42);
        float[] Random(long count)
        {
            var x = new float[count];
            for (var i = 0; i < x.Length; i++)
            {
                x[i] = rng.Uniform(-1f, 1f);
            }

            return x;
        }

        return (Random((long)c.M * c.K), Random((long)c.K * c.N), new float[(long)c.M * c.N]);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
