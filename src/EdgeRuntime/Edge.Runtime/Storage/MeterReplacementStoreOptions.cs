using Edge.Runtime.Daily;

namespace Edge.Runtime.Storage;

/// <summary>Where declared meter replacements are kept, and what a declaration is checked against.</summary>
public sealed record MeterReplacementStoreOptions
{
    /// <summary>The gateway's SQLite database file (the reading store's file; the table is part of its schema).</summary>
    public required string DatabasePath { get; init; }

    /// <summary>The configured meters: a replacement of any other meter is refused.</summary>
    public required IReadOnlyCollection<string> MeterIds { get; init; }

    /// <summary>The zone and longest attributable gap of the daily series, which say which stored days a swap invalidates.</summary>
    public DailySeriesOptions DailySeries { get; init; } = new();
}
