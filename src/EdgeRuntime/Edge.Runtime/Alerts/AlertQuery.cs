namespace Edge.Runtime.Alerts;

/// <summary>Which alerts <see cref="AlertStore.List"/> returns; every filter is optional. Results are newest first.</summary>
public sealed record AlertQuery
{
    /// <summary>Only alerts nobody has acknowledged.</summary>
    public bool OpenOnly { get; init; }

    public string? MeterId { get; init; }

    public AlertKind? Kind { get; init; }

    /// <summary>Only alerts last seen at or after this time (a repeat of an old finding counts as recent).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>At most this many alerts (the newest).</summary>
    public int Limit { get; init; } = 100;
}
