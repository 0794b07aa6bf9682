namespace Edge.Runtime.Uplink;

/// <summary>The broker this gateway reports to and how it reconnects. Keys as in the gateway config's "uplink" section.</summary>
public sealed record UplinkOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 1883;

    /// <summary>MQTT client identifier; unique per gateway (the broker disconnects an older session with the same id).</summary>
    public required string ClientId { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Connect with TLS, validating the broker's certificate against the system store or <see cref="TlsCaCertificatePath"/>.</summary>
    public bool UseTls { get; init; }

    /// <summary>PEM file of the CA that signed the broker's certificate, when it is not in the system store.</summary>
    public string? TlsCaCertificatePath { get; init; }

    /// <summary>Prefix of every topic this gateway publishes, ending in '/', e.g. "edge/gw-0042/".</summary>
    public required string TopicPrefix { get; init; }

    /// <summary>Topic on which model bundles arrive; default <c>{TopicPrefix}model</c>. May be a fleet-wide topic.</summary>
    public string? ModelTopic { get; init; }

    /// <summary>First delay after a failed connection; doubles per failure up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest wait for CONNACK, SUBACK or a PUBACK before the connection is considered dead and rebuilt.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem with these options, each naming its key; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Host))
        {
            problems.Add("uplink.host: required");
        }

        if (Port is < 1 or > 65535)
        {
            problems.Add($"uplink.port: {Port} is not a TCP port (1..65535)");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            problems.Add("uplink.clientId: required");
        }

        if (Password is not null && Username is null)
        {
            problems.Add("uplink.password: given without uplink.username");
        }

        if (TlsCaCertificatePath is not null && !UseTls)
        {
            problems.Add("uplink.tlsCaCertificatePath: given but uplink.useTls is false");
        }

        if (string.IsNullOrEmpty(TopicPrefix) || !TopicPrefix.EndsWith('/') || HasWildcard(TopicPrefix))
        {
            problems.Add($"uplink.topicPrefix: \"{TopicPrefix}\" must end with '/' and contain no '+' or '#'");
        }

        if (ModelTopic is not null && (ModelTopic.Length == 0 || HasWildcard(ModelTopic)))
        {
            problems.Add($"uplink.modelTopic: \"{ModelTopic}\" must be a topic name without '+' or '#'");
        }

        if (MinReconnectDelay <= TimeSpan.Zero || MaxReconnectDelay < MinReconnectDelay)
        {
            problems.Add($"uplink.minReconnectDelay/maxReconnectDelay: need 0 < min <= max, got {MinReconnectDelay} and {MaxReconnectDelay}");
        }

        if (KeepAlive <= TimeSpan.Zero || KeepAlive > TimeSpan.FromSeconds(ushort.MaxValue))
        {
            problems.Add($"uplink.keepAlive: {KeepAlive} must be between 1 s and 65535 s (MQTT 5.0 section 3.1.2.10)");
        }

        if (ResponseTimeout <= TimeSpan.Zero)
        {
            problems.Add($"uplink.responseTimeout: {ResponseTimeout} must be positive");
        }

        return problems;
    }

    private static bool HasWildcard(string topic) => topic.Contains('+', StringComparison.Ordinal) || topic.Contains('#', StringComparison.Ordinal);
}
