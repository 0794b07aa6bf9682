using Edge.Runtime.Uplink;

namespace Edge.Runtime.Config;

/// <summary>
/// The fleet uplink (MQTT): <c>uplink</c> in the file. Topics, payloads and guarantees: docs/uplink.md.
/// <see cref="UplinkOptions.FromConfig"/> and <see cref="OutboxOptions.FromConfig"/> turn it into the uplink's options.
/// </summary>
public sealed record UplinkConfig
{
    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 1883;

    /// <summary>MQTT client id; empty means the gateway id.</summary>
    public string ClientId { get; set; } = string.Empty;

    public string? Username { get; set; }

    /// <summary>File holding the MQTT password (first line), so the secret is not in the config; relative to the config file.</summary>
    public string? PasswordFile { get; set; }

    public bool UseTls { get; set; }

    /// <summary>PEM file of the CA that signed the broker's certificate, when not in the system store.</summary>
    public string? TlsCaCertificateFile { get; set; }

    /// <summary>Prefix of every topic; empty means "edge/{gatewayId}/".</summary>
    public string TopicPrefix { get; set; } = string.Empty;

    /// <summary>Topic on which model bundles arrive; empty means "{topicPrefix}model".</summary>
    public string ModelTopic { get; set; } = string.Empty;

    public int MinReconnectSeconds { get; set; } = 1;

    public int MaxReconnectSeconds { get; set; } = 300;

    public int KeepAliveSeconds { get; set; } = 60;

    public int ResponseTimeoutSeconds { get; set; } = 30;

    /// <summary>Most messages the outbox holds while the broker is unreachable (health goes first, then summaries).</summary>
    public int OutboxMaxMessages { get; set; } = 10_000;

    /// <summary>Health reports and daily summaries older than this are dropped from the outbox; alerts never.</summary>
    public int OutboxMaxAgeDays { get; set; } = 30;

    public void Validate(ConfigProblems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        problems.Required(Host, ConfigProblems.Key(path, "host"));
        problems.Check(PasswordFile is null || Username is not null, ConfigProblems.Key(path, "passwordFile"), "given without a username");
        problems.Check(TlsCaCertificateFile is null || UseTls, ConfigProblems.Key(path, "tlsCaCertificateFile"), "given but useTls is false");
        problems.InRange(OutboxMaxMessages, 1, 10_000_000, ConfigProblems.Key(path, "outboxMaxMessages"));
        problems.InRange(OutboxMaxAgeDays, 1, 36_500, ConfigProblems.Key(path, "outboxMaxAgeDays"), "days");
        problems.InRange(MinReconnectSeconds, 1, 86_400, ConfigProblems.Key(path, "minReconnectSeconds"), "s");
        problems.InRange(MaxReconnectSeconds, 1, 86_400, ConfigProblems.Key(path, "maxReconnectSeconds"), "s");
        problems.InRange(ResponseTimeoutSeconds, 1, 3600, ConfigProblems.Key(path, "responseTimeoutSeconds"), "s");

        // The remaining rules (port, topics, keep alive, delay order) live once, in UplinkOptions.
        var options = UplinkOptions.From(this, gatewayId: "gateway", password: null, caFile: null);
        foreach (var problem in options.Problems().Where(p => p.Key is "port" or "topicPrefix" or "modelTopic" or "keepAlive" or "reconnectDelay"))
        {
            var key = problem.Key switch
            {
                "keepAlive" => "keepAliveSeconds",
                "reconnectDelay" => "maxReconnectSeconds",
                _ => problem.Key,
            };
            problems.Add(ConfigProblems.Key(path, key), problem.Message);
        }
    }
}
