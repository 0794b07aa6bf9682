namespace Edge.Runtime.Uplink.Payloads;

/// <summary>The JSON published once a day on <c>{prefix}daily</c>: what the gateway did on one local day.</summary>
public sealed record DailySummaryReport
{
    /// <summary>The local day summarised (gateway time zone), written "yyyy-MM-dd".</summary>
    public required DateOnly Day { get; init; }

    public required int Meters { get; init; }

    public required int MetersScored { get; init; }

    public required long ReadingsStored { get; init; }

    public required int AlertsRaised { get; init; }

    public string? ModelVersion { get; init; }
}
