using Edge.Runtime.Alerts;

namespace Edge.Runtime.Uplink.Payloads;

/// <summary>The JSON an alert is published as on <c>{prefix}alerts</c>: the alert as the technician sees it, minus acknowledgement.</summary>
public sealed record AlertReport
{
    /// <summary>The gateway's alert id; with the gateway's topic prefix it identifies the alert in the fleet.</summary>
    public required long AlertId { get; init; }

    public required string MeterId { get; init; }

    public required AlertKind Kind { get; init; }

    public required DateTimeOffset RaisedAt { get; init; }

    public float? Score { get; init; }

    public string? ModelVersion { get; init; }

    public required string Evidence { get; init; }

    public static AlertReport From(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new AlertReport
        {
            AlertId = alert.Id,
            MeterId = alert.MeterId,
            Kind = alert.Kind,
            RaisedAt = alert.RaisedAt,
            Score = alert.Score,
            ModelVersion = alert.ModelVersion,
            Evidence = alert.Evidence,
        };
    }
}
