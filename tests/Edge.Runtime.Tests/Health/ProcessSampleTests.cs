using System.Globalization;
using System.Text.RegularExpressions;
using Edge.Runtime.Health;

namespace Edge.Runtime.Tests.Health;

/// <summary>The process footprint sample against the kernel's own accounts in /proc/self/status and /proc/self/stat.</summary>
public sealed partial class ProcessSampleTests
{
    [Fact]
    public void Stat_fields_are_read_after_the_command_name_even_when_it_contains_spaces_and_parentheses()
    {
        // proc(5) field order: pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
        // utime stime cutime cstime priority nice num_threads itrealvalue starttime vsize rss ...
        const string Stat = "4242 (edge (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 12 3 0 0 20 0 217 0 5000 1234567890 21504 18446744073709551615";

        var stat = ProcessSample.ProcStat.Parse(Stat, pageSize: 4096);

        Assert.Equal(217, stat.Threads);
        Assert.Equal(1_234_567_890, stat.VirtualBytes);
        Assert.Equal(21_504L * 4096, stat.ResidentBytes); // 84 MiB
    }

    [Fact]
    public void Resident_memory_threads_and_CPU_agree_with_what_the_kernel_reports()
    {
        var before = ProcStatus();
        double cpuBefore = ProcCpuSeconds();
        var sample = ProcessSample.Capture();
        double cpuAfter = ProcCpuSeconds();
        var after = ProcStatus();

        // Other tests run in parallel, so memory and threads may move between the readings: allow a little either way.
        const long Slack = 8 << 20;
        Assert.InRange(sample.ResidentBytes!.Value, Math.Min(before.RssBytes, after.RssBytes) - Slack, Math.Max(before.RssBytes, after.RssBytes) + Slack);
        Assert.InRange(sample.Threads!.Value, Math.Min(before.Threads, after.Threads) - 4, Math.Max(before.Threads, after.Threads) + 4);
        Assert.True(sample.VirtualBytes >= sample.ResidentBytes, $"virtual {sample.VirtualBytes} < resident {sample.ResidentBytes}");
        // /proc counts user and system time each in whole clock ticks of 1/100 s (USER_HZ), rounded down; the
        // runtime's figure (getrusage) is finer, so it may exceed the later /proc reading by up to two ticks.
        Assert.InRange(sample.CpuSeconds, cpuBefore, cpuAfter + 0.021);
        Assert.InRange(sample.OpenDescriptors!.Value, 3, 100_000);
        Assert.InRange(sample.ThreadPoolThreads, 0, sample.Threads!.Value);
    }

    [Fact]
    public void A_live_64_MiB_array_shows_in_the_GC_heap_and_a_full_collection_is_counted()
    {
        var first = ProcessSample.Capture();
        byte[] block = new byte[64 << 20];
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);

        var sample = ProcessSample.Capture();
        GC.KeepAlive(block);

        Assert.True(sample.GcHeapBytes >= 64 << 20, $"heap {sample.GcHeapBytes}");
        Assert.True(sample.GcGenerationBytes[3] >= 64 << 20, $"large object heap {sample.GcGenerationBytes[3]}"); // over 85,000 bytes: LOH
        Assert.True(sample.GcCommittedBytes >= 64 << 20, $"committed {sample.GcCommittedBytes}");
        Assert.True(sample.GcLiveBytes >= 64 << 20, $"live {sample.GcLiveBytes}");
        Assert.True(sample.GcAllocatedBytes - first.GcAllocatedBytes >= 64 << 20, "the array's bytes were allocated");
        Assert.True(sample.GcCollections[2] > first.GcCollections[2], "the forced gen 2 collection is counted");
        Assert.True(sample.GcCollections[0] >= sample.GcCollections[1] && sample.GcCollections[1] >= sample.GcCollections[2], "gen 2 collections count for 1 and 0");
    }

    private static (long RssBytes, int Threads) ProcStatus()
    {
        string status = File.ReadAllText("/proc/self/status");
        long rssKiB = long.Parse(VmRss().Match(status).Groups[1].Value, CultureInfo.InvariantCulture);
        int threads = int.Parse(ThreadsLine().Match(status).Groups[1].Value, CultureInfo.InvariantCulture);
        return (rssKiB * 1024, threads);
    }

    /// <summary>utime + stime (fields 14 and 15 of /proc/self/stat) at USER_HZ = 100.</summary>
    private static double ProcCpuSeconds()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture)) / 100.0;
    }

    [GeneratedRegex(@"^VmRSS:\s+(\d+) kB", RegexOptions.Multiline)]
    private static partial Regex VmRss();

    [GeneratedRegex(@"^Threads:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex ThreadsLine();
}
