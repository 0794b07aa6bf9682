using System.Diagnostics;

namespace Edge.Bench;

/// <summary>
/// A plain harness: warm up (JIT tiering, buffers), then time repetitions. Reports the median wall time per call
/// (what a user sees) and the median CPU time per call (what the code costs, unaffected by waiting for a core on a
/// busy machine), both as medians because they resist noise better than means.
/// </summary>
internal static class Timing
{
    public readonly record struct Result(double WallSeconds, double CpuSeconds);

    public static Result Measure(Action action, double budgetSeconds = 0.6, int minRepetitions = 5)
    {
        // Warm-up: at least three calls and 0.2 s, so tier-1 code and steady-state buffers are in place.
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < 3 || warm.Elapsed.TotalSeconds < 0.2; i++)
        {
            action();
        }

        var once = Stopwatch.StartNew();
        action();
        var estimate = Math.Max(once.Elapsed.TotalSeconds, 1e-7);

        // Each sample covers at least ~5 ms so timer and clock resolution do not matter for tiny products.
        var callsPerSample = Math.Max(1, (int)(0.005 / estimate));
        var samples = Math.Clamp((int)(budgetSeconds / (estimate * callsPerSample)), minRepetitions, 200);
        var wall = new double[samples];
        var cpu = new double[samples];
        for (var s = 0; s < samples; s++)
        {
            var cpu0 = CpuClock.Seconds;
            var sw = Stopwatch.StartNew();
            for (var c = 0; c < callsPerSample; c++)
            {
                action();
            }

            wall[s] = sw.Elapsed.TotalSeconds / callsPerSample;
            cpu[s] = (CpuClock.Seconds - cpu0) / callsPerSample;
        }

        Array.Sort(wall);
        Array.Sort(cpu);
        return new Result(wall[samples / 2], cpu[samples / 2]);
    }
}
