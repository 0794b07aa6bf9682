using Edge.Runtime.Config;

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

    /// <summary>
    /// The options of the config's "uplink" section (validated by the loader): defaults filled from the gateway id,
    /// paths resolved against the config file, the password read from its file.
    /// </summary>
    public static UplinkOptions FromConfig(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var uplink = config.Uplink ?? throw new InvalidOperationException("the config has no uplink section");
        string? password = null;
        if (uplink.PasswordFile is not null)
        {
            var file = config.ResolvePath(uplink.PasswordFile);
            try
            {
                password = File.ReadLines(file).FirstOrDefault() ?? string.Empty;
            }
            catch (IOException e)
            {
                throw new IOException($"uplink.passwordFile: cannot read {file}: {e.Message}", e);
            }
        }

        var caFile = uplink.TlsCaCertificateFile is null ? null : config.ResolvePath(uplink.TlsCaCertificateFile);
        return From(uplink, config.GatewayId, password, caFile);
    }

    internal static UplinkOptions From(UplinkConfig uplink, string gatewayId, string? password, string? caFile) => new()
    {
        Host = uplink.Host,
        Port = uplink.Port,
        ClientId = uplink.ClientId.Length > 0 ? uplink.ClientId : gatewayId,
        Username = uplink.Username,
        Password = password,
        UseTls = uplink.UseTls,
        TlsCaCertificatePath = caFile,
        TopicPrefix = uplink.TopicPrefix.Length > 0 ? uplink.TopicPrefix : $"edge/{gatewayId}/",
        ModelTopic = uplink.ModelTopic.Length > 0 ? uplink.ModelTopic : null,
        MinReconnectDelay = TimeSpan.FromSeconds(uplink.MinReconnectSeconds),
        MaxReconnectDelay = TimeSpan.FromSeconds(uplink.MaxReconnectSeconds),
        KeepAlive = TimeSpan.FromSeconds(uplink.KeepAliveSeconds),
        ResponseTimeout = TimeSpan.FromSeconds(uplink.ResponseTimeoutSeconds),
    };

    /// <summary>Every problem with these options, each naming its key; empty when they are usable.</summary>
    public IReadOnlyList<UplinkOptionProblem> Problems()
    {
        var problems = new List<UplinkOptionProblem>();
        void Check(bool ok, string key, string message)
        {
            if (!ok)
            {
                problems.Add(new UplinkOptionProblem(key, message));
            }
        }

        Check(!string.IsNullOrWhiteSpace(Host), "host", "required");
        Check(Port is >= 1 and <= 65535, "port", $"{Port} is not a TCP port (1..65535)");
        Check(!string.IsNullOrWhiteSpace(ClientId), "clientId", "required");
        Check(Password is null || Username is not null, "password", "given without a username");
        Check(TlsCaCertificatePath is null || UseTls, "tlsCaCertificatePath", "given but useTls is false");
        Check(
            !string.IsNullOrEmpty(TopicPrefix) && TopicPrefix.EndsWith('/') && !HasWildcard(TopicPrefix),
            "topicPrefix",
            $"\"{TopicPrefix}\" must end with '/' and contain no '+' or '#'");
        Check(ModelTopic is null || (ModelTopic.Length > 0 && !HasWildcard(ModelTopic)), "modelTopic", $"\"{ModelTopic}\" must be a topic name without '+' or '#'");
        Check(
            MinReconnectDelay > TimeSpan.Zero && MaxReconnectDelay >= MinReconnectDelay,
            "reconnectDelay",
            $"need 0 < minimum <= maximum, got {MinReconnectDelay} and {MaxReconnectDelay}");
        Check(
            KeepAlive > TimeSpan.Zero && KeepAlive <= TimeSpan.FromSeconds(ushort.MaxValue),
            "keepAlive",
            $"{KeepAlive} must be between 1 s and 65535 s (MQTT 5.0 section 3.1.2.10)");
        Check(ResponseTimeout > TimeSpan.Zero, "responseTimeout", $"{ResponseTimeout} must be positive");
        return problems;
    }

    private static bool HasWildcard(string topic) => topic.Contains('+', StringComparison.Ordinal) || topic.Contains('#', StringComparison.Ordinal);
}
