using System.Globalization;

namespace Edge.Runtime.Health;

/// <summary>
/// The daemon's own footprint at one moment: what the kernel accounts to the process (/proc/self, Linux) and what the
/// .NET runtime knows about its GC heap and thread pool. Taken at scrape time, so a slow growth of resident memory can
/// be told apart as managed heap (GC heap size, committed bytes) or native memory (the rest).
/// </summary>
/// <param name="ResidentBytes">Resident set size (/proc/self/stat rss × page size); null where /proc is unavailable.</param>
/// <param name="VirtualBytes">Virtual memory size (/proc/self/stat vsize); null where /proc is unavailable.</param>
/// <param name="Threads">OS threads of the process (/proc/self/stat num_threads); null where /proc is unavailable.</param>
/// <param name="OpenDescriptors">Open file descriptors (/proc/self/fd entries); null where /proc is unavailable.</param>
/// <param name="CpuSeconds">User plus system CPU time since start.</param>
/// <param name="GcHeapBytes">Managed heap size at the last GC, fragmentation included (GCMemoryInfo.HeapSizeBytes); 0 before the first GC.</param>
/// <param name="GcCommittedBytes">Memory the GC has committed from the OS (GCMemoryInfo.TotalCommittedBytes).</param>
/// <param name="GcFragmentedBytes">Free space inside the heap at the last GC (GCMemoryInfo.FragmentedBytes).</param>
/// <param name="GcLiveBytes">Bytes on the managed heap now, garbage not yet collected included (GC.GetTotalMemory).</param>
/// <param name="GcAllocatedBytes">Bytes allocated on the managed heap since start (GC.GetTotalAllocatedBytes).</param>
/// <param name="GcGenerationBytes">Size of generations 0, 1, 2, the large and the pinned object heap after the last GC.</param>
/// <param name="GcCollections">Collections of generations 0, 1 and 2 since start (a gen-2 collection also counts for 0 and 1).</param>
/// <param name="GcPauseSeconds">Time the runtime was paused for GCs since start.</param>
/// <param name="ThreadPoolThreads">Thread-pool worker threads now.</param>
public sealed record ProcessSample(
    long? ResidentBytes,
    long? VirtualBytes,
    int? Threads,
    int? OpenDescriptors,
    double CpuSeconds,
    long GcHeapBytes,
    long GcCommittedBytes,
    long GcFragmentedBytes,
    long GcLiveBytes,
    long GcAllocatedBytes,
    IReadOnlyList<long> GcGenerationBytes,
    IReadOnlyList<int> GcCollections,
    double GcPauseSeconds,
    int ThreadPoolThreads)
{
    /// <summary>Names of <see cref="GcGenerationBytes"/>' entries, as label values.</summary>
    public static IReadOnlyList<string> GenerationNames { get; } = ["0", "1", "2", "loh", "poh"];

    public static ProcessSample Capture()
    {
        var stat = ProcStat.ReadSelf();
        var gc = GC.GetGCMemoryInfo();
        var generations = new long[GenerationNames.Count];
        var info = gc.GenerationInfo;
        for (int i = 0; i < Math.Min(generations.Length, info.Length); i++)
        {
            generations[i] = info[i].SizeAfterBytes;
        }

        return new ProcessSample(
            stat?.ResidentBytes,
            stat?.VirtualBytes,
            stat?.Threads,
            CountOpenDescriptors(),
            Environment.CpuUsage.TotalTime.TotalSeconds,
            gc.HeapSizeBytes,
            gc.TotalCommittedBytes,
            gc.FragmentedBytes,
            GC.GetTotalMemory(forceFullCollection: false),
            GC.GetTotalAllocatedBytes(precise: true),
            generations,
            [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)],
            GC.GetTotalPauseDuration().TotalSeconds,
            ThreadPool.ThreadCount);
    }

    private static int? CountOpenDescriptors()
    {
        try
        {
            // The listing's own descriptor is among them, as in every /proc-based collector.
            return Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The fields of /proc/self/stat used here (proc(5): 20 num_threads, 23 vsize in bytes, 24 rss in pages).</summary>
    internal sealed record ProcStat(int Threads, long VirtualBytes, long ResidentBytes)
    {
        public static ProcStat? ReadSelf()
        {
            try
            {
                return Parse(File.ReadAllText("/proc/self/stat"), Environment.SystemPageSize);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        public static ProcStat Parse(string stat, int pageSize)
        {
            // Field 2, the command name, is in parentheses and may itself contain spaces and ')': the fields after it
            // start after the last ')'. There, index 0 is field 3 (state).
            int close = stat.LastIndexOf(')');
            string[] fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int Field(int number) => number - 3;
            return new ProcStat(
                int.Parse(fields[Field(20)], CultureInfo.InvariantCulture),
                long.Parse(fields[Field(23)], CultureInfo.InvariantCulture),
                long.Parse(fields[Field(24)], CultureInfo.InvariantCulture) * pageSize);
        }
    }
}
