using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Edge.Runtime.Uplink;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Edge.Runtime.Tests.Uplink;

/// <summary>What the fleet side sees: one message as received by a subscribing client.</summary>
internal sealed record ReceivedMessage(string Topic, string Payload, string? OutboxId, long? Sequence);

/// <summary>A subscribing MQTT client playing the utility's fleet server; records every message on its topic filter in arrival order.</summary>
internal sealed class FleetSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<ReceivedMessage> _received;

    private FleetSubscriber(ConcurrentQueue<ReceivedMessage> received, Action<ReceivedMessage>? onReceived)
    {
        _received = received;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var message = e.ApplicationMessage;
            var properties = message.UserProperties ?? [];
            var outbox = properties.FirstOrDefault(p => p.Name == UplinkService.OutboxProperty) is { } o ? Encoding.UTF8.GetString(o.ValueBuffer.Span) : null;
            var seq = properties.FirstOrDefault(p => p.Name == UplinkService.SequenceProperty) is { } q ? Encoding.UTF8.GetString(q.ValueBuffer.Span) : null;
            var received = new ReceivedMessage(message.Topic, Encoding.UTF8.GetString(message.Payload.ToArray()), outbox, seq is null ? null : long.Parse(seq, System.Globalization.CultureInfo.InvariantCulture));
            _received.Enqueue(received);
            onReceived?.Invoke(received);
            return Task.CompletedTask;
        };
    }

    /// <summary>
    /// Connects to the broker and subscribes with QoS 1. <paramref name="into"/> lets a reconnected subscriber continue
    /// one record; <paramref name="onReceived"/> runs on the receive path after each message is recorded.
    /// </summary>
    public static async Task<FleetSubscriber> ConnectAsync(int port, string topicFilter, ConcurrentQueue<ReceivedMessage>? into = null, Action<ReceivedMessage>? onReceived = null)
    {
        var subscriber = new FleetSubscriber(into ?? new ConcurrentQueue<ReceivedMessage>(), onReceived);
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId("fleet-" + Guid.NewGuid().ToString("N"))
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .Build();
        await subscriber._client.ConnectAsync(options);
        await subscriber._client.SubscribeAsync(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce);
        return subscriber;
    }

    public ConcurrentQueue<ReceivedMessage> Received => _received;

    public IReadOnlyList<ReceivedMessage> Snapshot() => [.. _received];

    /// <summary>Publishes as the fleet does, e.g. a retained model bundle.</summary>
    public Task PublishAsync(string topic, byte[] payload, bool retain) =>
        _client.PublishBinaryAsync(topic, payload, MqttQualityOfServiceLevel.AtLeastOnce, retain);

    public async ValueTask DisposeAsync()
    {
        await _client.TryDisconnectAsync(MqttClientDisconnectOptionsReason.NormalDisconnection);
        _client.Dispose();
    }
}
