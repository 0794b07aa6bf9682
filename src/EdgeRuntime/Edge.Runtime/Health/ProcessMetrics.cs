namespace Edge.Runtime.Health;

/// <summary>
/// The process and runtime families of /metrics. The process_* names are the ones Prometheus client libraries export
/// for every process (so existing dashboards work); dotnet_* are the .NET runtime's.
/// </summary>
public static class ProcessMetrics
{
    public static void WriteTo(PrometheusTextWriter w, ProcessSample sample)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(sample);

        w.Family("process_cpu_seconds_total", "counter", "User and system CPU time spent, in seconds.");
        w.Sample("process_cpu_seconds_total", sample.CpuSeconds);
        Optional(w, "process_resident_memory_bytes", "Resident memory size in bytes.", sample.ResidentBytes);
        Optional(w, "process_virtual_memory_bytes", "Virtual memory size in bytes.", sample.VirtualBytes);
        Optional(w, "process_threads", "OS threads in the process.", sample.Threads);
        Optional(w, "process_open_fds", "Open file descriptors.", sample.OpenDescriptors);

        w.Family("dotnet_total_memory_bytes", "gauge", "Bytes on the managed heap now, garbage not yet collected included.");
        w.Sample("dotnet_total_memory_bytes", sample.GcLiveBytes);
        w.Family("dotnet_gc_heap_size_bytes", "gauge", "Managed heap size at the last GC, fragmentation included; 0 before the first GC.");
        w.Sample("dotnet_gc_heap_size_bytes", sample.GcHeapBytes);
        w.Family("dotnet_gc_committed_bytes", "gauge", "Memory the GC had committed at the last GC (managed heap and its bookkeeping).");
        w.Sample("dotnet_gc_committed_bytes", sample.GcCommittedBytes);
        w.Family("dotnet_gc_fragmented_bytes", "gauge", "Free space inside the managed heap at the last GC.");
        w.Sample("dotnet_gc_fragmented_bytes", sample.GcFragmentedBytes);
        w.Family("dotnet_gc_generation_size_bytes", "gauge", "Size of each generation after the last GC: 0, 1, 2, loh (large objects), poh (pinned objects).");
        for (int i = 0; i < Math.Min(sample.GcGenerationBytes.Count, ProcessSample.GenerationNames.Count); i++)
        {
            w.Sample("dotnet_gc_generation_size_bytes", sample.GcGenerationBytes[i], ("generation", ProcessSample.GenerationNames[i]));
        }

        w.Family("dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap since start.");
        w.Sample("dotnet_gc_allocated_bytes_total", sample.GcAllocatedBytes);
        w.Family("dotnet_gc_collections_total", "counter", "Garbage collections since start, by generation (a gen 2 collection also counts for 0 and 1).");
        for (int generation = 0; generation < sample.GcCollections.Count; generation++)
        {
            w.Sample("dotnet_gc_collections_total", sample.GcCollections[generation], ("generation", ProcessSample.GenerationNames[generation]));
        }

        w.Family("dotnet_gc_pause_seconds_total", "counter", "Time the runtime was paused for garbage collections since start.");
        w.Sample("dotnet_gc_pause_seconds_total", sample.GcPauseSeconds);
        w.Family("dotnet_threadpool_threads", "gauge", "Thread-pool worker threads.");
        w.Sample("dotnet_threadpool_threads", sample.ThreadPoolThreads);
    }

    /// <summary>A family whose value only Linux's /proc gives: written without a sample when it is unknown.</summary>
    private static void Optional(PrometheusTextWriter w, string name, string help, long? value)
    {
        w.Family(name, "gauge", help);
        if (value is { } known)
        {
            w.Sample(name, known);
        }
    }
}
