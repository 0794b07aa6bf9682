namespace Edge.Runtime.Uplink;

/// <summary>What the technician page, the API and the metrics show about the uplink.</summary>
public sealed record UplinkStatus
{
    public required bool Connected { get; init; }

    /// <summary>Messages waiting in the outbox.</summary>
    public required long Queued { get; init; }

    /// <summary>Messages the broker acknowledged since the gateway started.</summary>
    public required long Sent { get; init; }

    public required OutboxDrops Dropped { get; init; }

    public required long ConnectAttempts { get; init; }

    public DateTimeOffset? LastConnectedAt { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>Model bundles handed to the model-delivery callback since the gateway started.</summary>
    public required long ModelBundlesReceived { get; init; }
}
