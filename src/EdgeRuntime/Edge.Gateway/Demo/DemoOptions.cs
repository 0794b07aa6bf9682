namespace Edge.Gateway.Demo;

/// <summary>What `edge demo` may be told: how fast the live day runs and where its files go.</summary>
internal sealed record DemoOptions
{
    /// <summary>Demo seconds per wall-clock second: 1440 plays the live day in one minute.</summary>
    public double Speed { get; init; } = 1440;

    /// <summary>Folder for the database, model and config; a fresh temporary folder when null (deleted afterwards).</summary>
    public string? Directory { get; init; }

    /// <summary>The day the meters are played live; history fills the years before it.</summary>
    public DateOnly LiveDay { get; init; } = new(2026, 11, 23);
}
