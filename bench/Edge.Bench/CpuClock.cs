using System.Runtime.InteropServices;

namespace Edge.Bench;

/// <summary>
/// CPU time this process has used, all threads together (POSIX clock_gettime with CLOCK_PROCESS_CPUTIME_ID).
/// On a machine shared with other jobs, wall time includes time our threads waited for a core; CPU time does not,
/// so throughput per CPU-second is the steadier measure of what the code itself achieves.
/// </summary>
internal static partial class CpuClock
{
    private const int ClockProcessCpuTimeId = 2;

    public static double Seconds
    {
        get
        {
            if (!OperatingSystem.IsLinux())
            {
                return Environment.CpuUsage.TotalTime.TotalSeconds;
            }

            _ = ClockGetTime(ClockProcessCpuTimeId, out var ts);
            return ts.Seconds + (ts.Nanoseconds * 1e-9);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);
}
