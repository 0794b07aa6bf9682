using System.Diagnostics;

namespace Edge.Bench;

/// <summary>
/// Times several paths in ONE loop of rounds, each round running every path once in a random order (B A C, C B A,
/// A C B, ...), and records each path's CPU time per round. A change of machine load (other
/// jobs, frequency scaling) then hits every path of a round alike, and the per-round ratio to a baseline path cancels
/// it; timing the paths in separate windows, as <see cref="Timing"/> does, lets ORT's own CPU time move by ±30 %
/// between windows on a shared machine. Ratios are reported as the median over rounds with their quartiles.
/// </summary>
internal static class AlternatingRounds
{
    /// <summary>Per-path CPU and wall seconds per call, one entry per round.</summary>
    public sealed record Result(double[][] CpuSeconds, double[][] WallSeconds)
    {
        public int Rounds => CpuSeconds[0].Length;

        public double MedianCpu(int path) => Quantile(CpuSeconds[path], 0.5);

        public double MedianWall(int path) => Quantile(WallSeconds[path], 0.5);

        /// <summary>The 25th, 50th and 75th percentile over rounds of path's CPU time / baseline's CPU time.</summary>
        public (double Low, double Median, double High) CpuRatio(int path, int baseline)
        {
            var ratios = new double[Rounds];
            for (var r = 0; r < ratios.Length; r++)
            {
                ratios[r] = CpuSeconds[path][r] / CpuSeconds[baseline][r];
            }

            return (Quantile(ratios, 0.25), Quantile(ratios, 0.5), Quantile(ratios, 0.75));
        }
    }

    /// <param name="paths">The paths; each call does the same work every time.</param>
    /// <param name="budgetSeconds">Wall time for all rounds together, after warm-up.</param>
    /// <param name="sliceSeconds">Least time one path takes in a round (calls are repeated to reach it).</param>
    public static Result Measure(IReadOnlyList<Action> paths, double budgetSeconds, double sliceSeconds = 0.02, int minRounds = 21, int maxRounds = 301)
    {
        // Warm-up: tier-1 code and steady-state buffers for every path, then a per-path call count for the slice.
        var calls = new int[paths.Count];
        var roundEstimate = 0.0;
        for (var p = 0; p < paths.Count; p++)
        {
            var warm = Stopwatch.StartNew();
            for (var i = 0; i < 3 || warm.Elapsed.TotalSeconds < 0.3; i++)
            {
                paths[p]();
            }

            var once = Stopwatch.StartNew();
            paths[p]();
            var estimate = Math.Max(once.Elapsed.TotalSeconds, 1e-7);
            calls[p] = Math.Max(1, (int)Math.Ceiling(sliceSeconds / estimate));
            roundEstimate += calls[p] * estimate;
        }

        var rounds = Math.Clamp((int)(budgetSeconds / roundEstimate), minRounds, maxRounds);
        var cpu = new double[paths.Count][];
        var wall = new double[paths.Count][];
        for (var p = 0; p < paths.Count; p++)
        {
            cpu[p] = new double[rounds];
            wall[p] = new double[rounds];
        }

        // A fresh random order every round (seeded, so runs are repeatable): with a fixed order, or one that only reverses,
        // a path always has the same neighbours, and two copies of the same path measured 2 % apart.
        var random = new Random(20261124);
        var order = Enumerable.Range(0, paths.Count).ToArray();
        for (var r = 0; r < rounds; r++)
        {
            random.Shuffle(order);
            foreach (var p in order)
            {
                var cpu0 = CpuClock.Seconds;
                var sw = Stopwatch.StartNew();
                for (var c = 0; c < calls[p]; c++)
                {
                    paths[p]();
                }

                wall[p][r] = sw.Elapsed.TotalSeconds / calls[p];
                cpu[p][r] = (CpuClock.Seconds - cpu0) / calls[p];
            }
        }

        return new Result(cpu, wall);
    }

    /// <summary>Linear interpolation between order statistics (numpy's default).</summary>
    private static double Quantile(double[] values, double q)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var at = q * (sorted.Length - 1);
        var below = (int)Math.Floor(at);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((at - below) * (sorted[above] - sorted[below]));
    }
}
