using Edge.Runtime.Config;

namespace Edge.Runtime.Uplink;

/// <summary>Where the outbox lives and how much it may hold while the broker is unreachable.</summary>
public sealed record OutboxOptions
{
    /// <summary>Path of the SQLite database file (may be the reading store's file: the outbox uses its own tables).</summary>
    public required string DatabasePath { get; init; }

    /// <summary>
    /// Most messages held. When an enqueue goes beyond it, the oldest health message is dropped first, then the oldest
    /// daily summary, and only when the outbox holds nothing but alerts, the oldest alert; every drop is counted.
    /// </summary>
    public int MaxMessages { get; init; } = 10_000;

    /// <summary>Health reports and daily summaries older than this are dropped (and counted); alerts never expire.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The outbox in the gateway's database file (its own tables beside the readings), bounded as configured.</summary>
    public static OutboxOptions FromConfig(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var uplink = config.Uplink ?? throw new InvalidOperationException("the config has no uplink section");
        return new OutboxOptions
        {
            DatabasePath = config.DatabasePath,
            MaxMessages = uplink.OutboxMaxMessages,
            MaxAge = TimeSpan.FromDays(uplink.OutboxMaxAgeDays),
        };
    }
}
