using System.Diagnostics;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Edge.Bench;

/// <summary>
/// This machine's single-precision FMA peak, measured rather than taken from a datasheet: a loop of independent
/// register-only FMAs (no memory traffic), on one thread and on several at once. Twelve accumulators cover FMA
/// latency x FMA ports (4 cycles x 2 ports on Zen 3 and Skylake needs at least 8 in flight).
/// </summary>
internal static class FmaPeak
{
    private const int Iterations = 20_000_000;

    public static string Width => Vector512.IsHardwareAccelerated ? "Vector512" : $"Vector{Vector<float>.Count * 32}";

    /// <summary>
    /// Best of three trials with <paramref name="threads"/> threads running the loop at once: GFLOP/s of wall time
    /// (an FMA counts as two) and GFLOP per CPU-second (per core, so independent of how many cores ran).
    /// </summary>
    public static (double Wall, double PerCpuSecond) Measure(int threads)
    {
        double wall = 0, perCpu = 0;
        for (var trial = 0; trial < 3; trial++)
        {
            var sink = new float[threads];
            using var start = new Barrier(threads + 1);
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                sink[t] = Vector512.IsHardwareAccelerated ? Loop512(Iterations) : LoopVector(Iterations);
            })).ToList();
            workers.ForEach(w => w.Start());
            start.SignalAndWait();
            var cpu0 = CpuClock.Seconds;
            var sw = Stopwatch.StartNew();
            workers.ForEach(w => w.Join());
            var seconds = sw.Elapsed.TotalSeconds;
            var cpuSeconds = CpuClock.Seconds - cpu0;
            var lanes = Vector512.IsHardwareAccelerated ? 16 : Vector<float>.Count;
            var flops = 2.0 * 12 * lanes * Iterations * threads;
            wall = Math.Max(wall, flops / seconds / 1e9);
            perCpu = Math.Max(perCpu, flops / cpuSeconds / 1e9);
            GC.KeepAlive(sink);
        }

        return (wall, perCpu);
    }

    private static float LoopVector(int iterations)
    {
        var x = new Vector<float>(0.999999f);
        var y = new Vector<float>(1e-7f);
        Vector<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (var i = 0; i < iterations; i++)
        {
            a0 = Vector.FusedMultiplyAdd(a0, x, y);
            a1 = Vector.FusedMultiplyAdd(a1, x, y);
            a2 = Vector.FusedMultiplyAdd(a2, x, y);
            a3 = Vector.FusedMultiplyAdd(a3, x, y);
            a4 = Vector.FusedMultiplyAdd(a4, x, y);
            a5 = Vector.FusedMultiplyAdd(a5, x, y);
            a6 = Vector.FusedMultiplyAdd(a6, x, y);
            a7 = Vector.FusedMultiplyAdd(a7, x, y);
            a8 = Vector.FusedMultiplyAdd(a8, x, y);
            a9 = Vector.FusedMultiplyAdd(a9, x, y);
            a10 = Vector.FusedMultiplyAdd(a10, x, y);
            a11 = Vector.FusedMultiplyAdd(a11, x, y);
        }

        return Vector.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    private static float Loop512(int iterations)
    {
        var x = Vector512.Create(0.999999f);
        var y = Vector512.Create(1e-7f);
        Vector512<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (var i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y);
            a1 = Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = Vector512.FusedMultiplyAdd(a2, x, y);
            a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y);
            a5 = Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = Vector512.FusedMultiplyAdd(a6, x, y);
            a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y);
            a9 = Vector512.FusedMultiplyAdd(a9, x, y);
            a10 = Vector512.FusedMultiplyAdd(a10, x, y);
            a11 = Vector512.FusedMultiplyAdd(a11, x, y);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
