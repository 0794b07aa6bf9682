using System.Text.Json.Serialization;
using Edge.Runtime.Storage;

namespace Edge.Runtime.Config;

/// <summary>How long readings are kept and how the writer batches them: <c>storage</c> in the file.</summary>
public sealed record StorageConfig
{
    /// <summary>Raw readings older than this are deleted (in the background, in small batches).</summary>
    public int RawRetentionDays { get; set; } = 90;

    /// <summary>
    /// Daily aggregates are kept this long, or longer when the active model's window (or the rollback candidate's)
    /// needs more: upkeep keeps that window plus a day whatever this says (<see cref="DailyRetention"/>).
    /// </summary>
    public int DailyRetentionDays { get; set; } = DailyRetention.DefaultDays;

    /// <summary>Readings waiting between the meters and the writer; a full queue slows the readers, it never drops.</summary>
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>Most readings committed in one transaction (one fsync).</summary>
    public int MaxBatch { get; set; } = 512;

    /// <summary>
    /// Readings held in memory while the store fails (disk full); beyond this the oldest unsaved ones are dropped
    /// and counted, because the meters keep their registers and later readings carry the energy anyway.
    /// </summary>
    public int MaxPendingReadings { get; set; } = 100_000;

    /// <summary>
    /// Longest silence between two readings whose register delta is spread over the hours it covers; a longer gap
    /// leaves the days it spans missing rather than guessing how the energy fell. Keep it above the poll interval of
    /// the slowest meter (an IEC 62056-21 meter polled every 4 hours needs more than 4).
    /// </summary>
    public int MaxGapHours { get; set; } = 3;

    [JsonIgnore]
    public TimeSpan MaxGap => TimeSpan.FromHours(MaxGapHours);

    public void Validate(ConfigProblems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        problems.InRange(RawRetentionDays, 1, 36_500, ConfigProblems.Key(path, "rawRetentionDays"), "days");
        problems.InRange(DailyRetentionDays, 1, 36_500, ConfigProblems.Key(path, "dailyRetentionDays"), "days");
        problems.InRange(QueueCapacity, 1, 1_000_000, ConfigProblems.Key(path, "queueCapacity"));
        problems.InRange(MaxBatch, 1, 100_000, ConfigProblems.Key(path, "maxBatch"));
        problems.InRange(MaxPendingReadings, 1, 10_000_000, ConfigProblems.Key(path, "maxPendingReadings"));
        problems.InRange(MaxGapHours, 1, 168, ConfigProblems.Key(path, "maxGapHours"), "hours");
    }
}
