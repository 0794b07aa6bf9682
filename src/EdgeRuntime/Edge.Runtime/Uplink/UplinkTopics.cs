namespace Edge.Runtime.Uplink;

/// <summary>The topics of one gateway, all under its prefix (docs/uplink.md lists them with their payloads).</summary>
public sealed record UplinkTopics(string Alerts, string DailySummaries, string Health, string Status, string Model)
{
    public static UplinkTopics For(UplinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefix = options.TopicPrefix;
        return new UplinkTopics(prefix + "alerts", prefix + "daily", prefix + "health", prefix + "status", options.ModelTopic ?? prefix + "model");
    }
}
