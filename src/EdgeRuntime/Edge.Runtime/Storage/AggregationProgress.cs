namespace Edge.Runtime.Storage;

/// <summary>
/// When store upkeep last brought each meter's daily kWh up to date, kept in memory from one pass to the next so a pass
/// reads only the raw readings that can still change a day (a fresh instance, as after a restart, knows nothing and
/// falls back to recomputing from the day before the last stored one). Used by one pass at a time.
/// </summary>
public sealed class AggregationProgress
{
    private readonly Dictionary<string, DateTimeOffset> _aggregatedAt = new(StringComparer.Ordinal);

    /// <summary>The time of the last pass that stored the meter's days, or null if none did since this instance was made.</summary>
    public DateTimeOffset? AggregatedAt(string meterId) => _aggregatedAt.TryGetValue(meterId, out var at) ? at : null;

    public void Record(string meterId, DateTimeOffset passTime) => _aggregatedAt[meterId] = passTime;
}
