namespace Edge.Runtime.Storage;

/// <summary>Where the store lives and how long it keeps raw readings.</summary>
public sealed record ReadingStoreOptions
{
    /// <summary>Path of the SQLite database file; its -wal and -shm files sit beside it.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>Raw readings older than this (by gateway time) are deleted by <see cref="ReadingStore.ApplyRetention"/>.</summary>
    public TimeSpan RawRetention { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Rows deleted per retention transaction, so a large backlog never holds the write lock for long.</summary>
    public int RetentionBatchSize { get; init; } = 5000;
}
