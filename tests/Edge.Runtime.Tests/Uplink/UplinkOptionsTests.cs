using Edge.Runtime.Uplink;

namespace Edge.Runtime.Tests.Uplink;

public sealed class UplinkOptionsTests
{
    private static readonly UplinkOptions Good = new() { Host = "broker.example", ClientId = "gw-0042", TopicPrefix = "edge/gw-0042/" };

    [Fact]
    public void Sensible_options_have_no_problems_and_give_the_documented_topics()
    {
        Assert.Empty(Good.Problems());
        Assert.Equal(
            new UplinkTopics("edge/gw-0042/alerts", "edge/gw-0042/daily", "edge/gw-0042/health", "edge/gw-0042/status", "edge/gw-0042/model"),
            UplinkTopics.For(Good));
        Assert.Equal("edge/fleet/model", UplinkTopics.For(Good with { ModelTopic = "edge/fleet/model" }).Model);
    }

    [Theory]
    [InlineData("edge/gw")]
    [InlineData("edge/+/")]
    [InlineData("")]
    public void A_bad_topic_prefix_is_named(string prefix)
    {
        var problem = Assert.Single((Good with { TopicPrefix = prefix }).Problems());
        Assert.Equal("topicPrefix", problem.Key);
        Assert.StartsWith("uplink.topicPrefix: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_bad_value_is_reported_with_its_key()
    {
        var bad = Good with
        {
            Host = " ",
            Port = 70_000,
            ClientId = "",
            Password = "secret",
            TlsCaCertificatePath = "/etc/edge/ca.pem",
            ModelTopic = "edge/#",
            MinReconnectDelay = TimeSpan.FromMinutes(10),
            KeepAlive = TimeSpan.Zero,
        };

        var keys = bad.Problems().Select(p => p.Key).ToList();

        Assert.Equal(["host", "port", "clientId", "password", "tlsCaCertificatePath", "modelTopic", "reconnectDelay", "keepAlive"], keys);
    }

    [Fact]
    public void The_service_refuses_bad_options_with_every_problem_in_the_message()
    {
        using var outbox = Outbox.Open(new OutboxOptions { DatabasePath = ":memory:" }, TimeProvider.System);

        var error = Assert.Throws<ArgumentException>(() =>
            new UplinkService(Good with { Port = 0, ClientId = "" }, outbox, (_, _) => Task.CompletedTask, TimeProvider.System));

        Assert.Contains("uplink.port: 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("uplink.clientId: required", error.Message, StringComparison.Ordinal);
    }
}
