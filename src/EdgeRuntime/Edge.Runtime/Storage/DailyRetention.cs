namespace Edge.Runtime.Storage;

/// <summary>
/// How many days of daily kWh store upkeep keeps: <c>storage.dailyRetentionDays</c>, raised to what the models in use
/// need. A scoring run reads the window's days yesterday-W+1..yesterday from the daily table (the raw readings are long
/// gone), so deleting any of them scores the meter on padded missing days; the configured value alone cannot know a model
/// installed later, so the window is asked at every pass.
/// </summary>
public static class DailyRetention
{
    /// <summary>
    /// One day beyond the window: a run that started before midnight still reads the window of its own "today" after
    /// the first upkeep pass of the next day has applied retention.
    /// </summary>
    public const int MarginDays = 1;

    /// <summary>
    /// The default <c>storage.dailyRetentionDays</c>: three years and a bit, more than the seed's 1035-day window
    /// (FeatureSpec's default; the shipped demo model's is 1034), so a gateway that runs before its first model arrives
    /// already holds the history that model will need.
    /// </summary>
    public const int DefaultDays = 1100;

    /// <summary>The days to keep before today (days before today minus this are deleted).</summary>
    /// <param name="configuredDays"><c>storage.dailyRetentionDays</c>.</param>
    /// <param name="modelWindowDays">The longest feature window of the active model and the one a rollback would restore; 0 without a model.</param>
    public static int Days(int configuredDays, int modelWindowDays) =>
        modelWindowDays <= 0 ? configuredDays : Math.Max(configuredDays, modelWindowDays + MarginDays);
}
