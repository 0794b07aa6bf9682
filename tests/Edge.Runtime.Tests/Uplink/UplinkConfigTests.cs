using System.Text;
using Edge.Runtime.Config;
using Edge.Runtime.Uplink;

namespace Edge.Runtime.Tests.Uplink;

/// <summary>The config file's "uplink" section as the uplink sees it.</summary>
public sealed class UplinkConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-uplink-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private GatewayConfig Parse(string uplink) => GatewayConfigLoader.Parse(
        Encoding.UTF8.GetBytes($$"""
            {
              "gatewayId": "gw-1",
              "dataDirectory": "data",
              "meters": [ { "id": "house", "protocol": "dsmr", "device": "/dev/ttyUSB0" } ],
              "uplink": {{uplink}}
            }
            """),
        "gw.json",
        _dir);

    [Fact]
    public void Defaults_come_from_the_gateway_id_and_the_outbox_lives_in_the_gateway_database()
    {
        File.WriteAllText(Path.Combine(_dir, "mqtt.secret"), "s3cret\n");
        var config = Parse("""{ "host": "broker.example", "username": "gw-1", "passwordFile": "mqtt.secret" }""");

        var options = UplinkOptions.FromConfig(config);
        var outbox = OutboxOptions.FromConfig(config);

        Assert.Equal("broker.example", options.Host);
        Assert.Equal(1883, options.Port);
        Assert.Equal("gw-1", options.ClientId);
        Assert.Equal("s3cret", options.Password);
        Assert.Equal("edge/gw-1/", options.TopicPrefix);
        Assert.Equal("edge/gw-1/model", UplinkTopics.For(options).Model);
        Assert.Equal(TimeSpan.FromMinutes(5), options.MaxReconnectDelay);
        Assert.Empty(options.Problems());
        Assert.Equal(Path.Combine(_dir, "data", "gateway.db"), outbox.DatabasePath);
        Assert.Equal(10_000, outbox.MaxMessages);
        Assert.Equal(TimeSpan.FromDays(30), outbox.MaxAge);
    }

    [Fact]
    public void Bad_uplink_values_are_rejected_naming_their_keys()
    {
        var error = Assert.Throws<ConfigException>(() => Parse(
            """{ "host": "", "port": 0, "topicPrefix": "edge/#/", "passwordFile": "x", "outboxMaxMessages": 0 }"""));

        Assert.Contains("uplink.host", error.Message, StringComparison.Ordinal);
        Assert.Contains("uplink.port", error.Message, StringComparison.Ordinal);
        Assert.Contains("uplink.topicPrefix", error.Message, StringComparison.Ordinal);
        Assert.Contains("uplink.passwordFile", error.Message, StringComparison.Ordinal);
        Assert.Contains("uplink.outboxMaxMessages", error.Message, StringComparison.Ordinal);
    }
}
