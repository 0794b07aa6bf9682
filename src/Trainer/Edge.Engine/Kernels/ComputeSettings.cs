namespace Edge.Engine.Kernels;

/// <summary>
/// Process-wide settings every engine kernel reads. Results never depend on <see cref="ThreadCount"/>: kernels split
/// work so that each output element is computed by one thread in a fixed order, whatever the number of threads.
/// </summary>
public static class ComputeSettings
{
    private static int s_threadCount = Environment.ProcessorCount;

    /// <summary>How many threads a kernel may use, the calling thread included. Defaults to the processor count.</summary>
    public static int ThreadCount
    {
        get => Volatile.Read(ref s_threadCount);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(ThreadCount));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, KernelWorkers.MaxThreads, nameof(ThreadCount));
            Volatile.Write(ref s_threadCount, value);
        }
    }
}
