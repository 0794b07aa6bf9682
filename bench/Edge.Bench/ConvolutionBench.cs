using System.Globalization;
using Edge.Engine.Kernels;
using Edge.Engine.Layers;
using Edge.Engine.Layers.Convolution;
using Edge.Engine.Tensors;

namespace Edge.Bench;

/// <summary>
/// A convolution layer's training step (forward + backward) against the three SGEMMs it lowers to, with the same
/// m x n x k, timed alone. The ratio is the share of the step spent in SGEMM: near 100% means im2col, col2im, bias and
/// activation cost little next to the products.
/// </summary>
internal static class ConvolutionBench
{
    private sealed record Case(string Name, Func<ConvolutionLayer> Make, Shape Input, int Batch);

    private static readonly Case[] Cases =
    [
        // The seed CNN's widest layer on 1,034 days.
        new("Conv1D 256->512 k3 same, 1034 steps", () => new Conv1D(512, 3, activation: "relu", padding: "same"), new Shape(1034, 256), 2),
        new("Conv1D 32->64 k3 same, 1034 steps", () => new Conv1D(64, 3, activation: "relu", padding: "same"), new Shape(1034, 32), 16),
        // The seed CNN's first layer: k = 3, so the products are thin and im2col weighs more.
        new("Conv1D 1->32 k3 same, 1034 steps", () => new Conv1D(32, 3, activation: "relu", padding: "same"), new Shape(1034, 1), 64),
        // Zheng et al.'s deep branch on 148 weeks x 7 days.
        new("Conv2D 1->32 3x3 same, 148x7", () => new Conv2D(32, 3, activation: "relu", padding: "same"), new Shape(148, 7, 1), 64),
    ];

    public static void Run(IReadOnlyList<int> threadCounts)
    {
        var peak = FmaPeak.Measure(1).PerCpuSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FMA peak, 1 thread: {peak:F1} GFLOP per CPU-second"));
        Console.WriteLine($"Register kernel: {MicroKernel.Best}; load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine();
        Console.WriteLine("| layer | batch | threads | step ms (median wall) | 3 SGEMMs ms (wall) | SGEMM share (wall) | SGEMM share (CPU time) | step GFLOP per CPU-s | % of 1-core peak |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var c in Cases)
        {
            var layer = c.Make();
            layer.Build(c.Input, new Rng(1));
            var x = RandomTensor.Uniform(c.Input.WithBatch(c.Batch), 2);
            var dy = RandomTensor.Uniform(layer.OutputShape.WithBatch(c.Batch), 3);
            var grid = layer.Grid;
            var (m, n, k) = (c.Batch * grid.OutputPositions, layer.Filters, grid.PatchLength);
            var (patches, kernel, output) = (new float[(long)m * k], layer.Kernel.Value.Buffer, new float[(long)m * n]);
            var dKernel = new float[(long)k * n];
            foreach (var t in threadCounts)
            {
                ComputeSettings.ThreadCount = t;
                var step = Timing.Measure(() =>
                {
                    layer.Forward(x, training: true);
                    layer.Backward(dy);
                });
                var gemms = Timing.Measure(() =>
                {
                    Sgemm.Multiply(false, false, m, n, k, 1f, patches, k, kernel, n, 0f, output, n);
                    Sgemm.Multiply(true, false, k, n, m, 1f, patches, k, output, n, 0f, dKernel, n);
                    Sgemm.Multiply(false, true, m, k, n, 1f, output, n, kernel, n, 0f, patches, k);
                });
                var gflop = 3 * 2.0 * m * n * k / 1e9;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {c.Name} | {c.Batch} | {t} | {step.WallSeconds * 1e3:F2} | {gemms.WallSeconds * 1e3:F2} | {100 * gemms.WallSeconds / step.WallSeconds:F0}% | {100 * gemms.CpuSeconds / step.CpuSeconds:F0}% | {gflop / step.CpuSeconds:F1} | {100 * gflop / step.CpuSeconds / peak:F0}% |"));
            }
        }

        ComputeSettings.ThreadCount = Environment.ProcessorCount;
    }
}
