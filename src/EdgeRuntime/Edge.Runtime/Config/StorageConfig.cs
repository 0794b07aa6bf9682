namespace Edge.Runtime.Config;

/// <summary>How long readings are kept and how the writer batches them: <c>storage</c> in the file.</summary>
public sealed record StorageConfig
{
    /// <summary>Raw readings older than this are deleted (in the background, in small batches).</summary>
    public int RawRetentionDays { get; set; } = 90;

    /// <summary>Daily aggregates are kept this long; at least the model's window plus some history for the page.</summary>
    public int DailyRetentionDays { get; set; } = 800;

    /// <summary>Readings waiting between the meters and the writer; a full queue slows the readers, it never drops.</summary>
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>Most readings committed in one transaction (one fsync).</summary>
    public int MaxBatch { get; set; } = 512;

    /// <summary>
    /// Readings held in memory while the store fails (disk full); beyond this the oldest unsaved ones are dropped
    /// and counted, because the meters keep their registers and later readings carry the energy anyway.
    /// </summary>
    public int MaxPendingReadings { get; set; } = 100_000;

    public void Validate(ConfigProblems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        problems.InRange(RawRetentionDays, 1, 36_500, ConfigProblems.Key(path, "rawRetentionDays"), "days");
        problems.InRange(DailyRetentionDays, 1, 36_500, ConfigProblems.Key(path, "dailyRetentionDays"), "days");
        problems.InRange(QueueCapacity, 1, 1_000_000, ConfigProblems.Key(path, "queueCapacity"));
        problems.InRange(MaxBatch, 1, 100_000, ConfigProblems.Key(path, "maxBatch"));
        problems.InRange(MaxPendingReadings, 1, 10_000_000, ConfigProblems.Key(path, "maxPendingReadings"));
    }
}
