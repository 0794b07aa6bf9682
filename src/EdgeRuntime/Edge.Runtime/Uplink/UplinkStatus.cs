namespace Edge.Runtime.Uplink;

/// <summary>What the technician page, the API and the metrics show about the uplink.</summary>
public sealed record UplinkStatus
{
    public required bool Connected { get; init; }

    /// <summary>Messages waiting in the outbox.</summary>
    public required long Queued { get; init; }

    /// <summary>When the oldest waiting message was queued (gateway time); null when nothing waits.</summary>
    public DateTimeOffset? OldestQueuedAt { get; init; }

    /// <summary>How long the oldest waiting message has waited, in seconds; 0 when nothing waits.</summary>
    public required double OldestQueuedAgeSeconds { get; init; }

    /// <summary>When the broker last acknowledged a message (PUBACK); null before the first since start.</summary>
    public DateTimeOffset? LastPublishedAt { get; init; }

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
