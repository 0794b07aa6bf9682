namespace Edge.Runtime.Ingest;

/// <summary>How the writer batches, how much it holds while the store fails, and how it retries.</summary>
public sealed record ReadingWriterOptions
{
    /// <summary>Most readings per transaction: one fsync covers them all.</summary>
    public int MaxBatch { get; init; } = 512;

    /// <summary>Readings held in memory while the store fails; beyond this the oldest are dropped and counted.</summary>
    public int MaxPending { get; init; } = 100_000;

    /// <summary>Longest time the loop waits without beating the heartbeat (for the systemd watchdog).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>First wait after a failed commit; doubled after each further failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);
}
