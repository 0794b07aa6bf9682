using System.Globalization;
using System.Text;
using Edge.Runtime.Uplink;

namespace Edge.Runtime.Tests.Uplink;

/// <summary>
/// The uplink against a real Mosquitto broker. The gateway's reconnect backoff runs on a fake clock, so the test
/// decides when the gateway may try again (after the fleet subscriber is listening), without sleeping.
/// </summary>
public sealed class UplinkBrokerTests : IAsyncLifetime
{
    private const string Prefix = "edge/gw-test/";

    private readonly GatewayUplink _gateway = new();
    private Mosquitto _broker = null!;

    public Task InitializeAsync()
    {
        _broker = new Mosquitto();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _broker.Dispose();
    }

    private Outbox GatewayOutbox => _gateway.Outbox;

    private UplinkService StartGateway(Func<byte[], CancellationToken, Task>? onModelBundle = null) =>
        _gateway.Start(_broker.Port, Prefix, onModelBundle);

    private void LetBackoffPass() => _gateway.LetBackoffPass();

    private void EnqueueAlerts(int from, int to)
    {
        for (var i = from; i <= to; i++)
        {
            GatewayOutbox.Enqueue(Prefix + "alerts", Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture)), OutboxKind.Alert);
        }
    }

    /// <summary>
    /// Sends a last message and waits for it: delivery is in order, so once it arrived every earlier message (and any
    /// redelivery of one) has arrived too.
    /// </summary>
    private async Task Barrier(FleetSubscriber subscriber, UplinkService gateway)
    {
        GatewayOutbox.Enqueue(Prefix + "alerts", "barrier"u8, OutboxKind.Alert);
        await Poll.UntilAsync(() => subscriber.Received.Any(m => m.Payload == "barrier") && gateway.Status.Queued == 0, "the barrier message", LetBackoffPass);
    }

    private static List<string> Payloads(IEnumerable<ReceivedMessage> messages) =>
        [.. messages.Select(m => m.Payload).Where(p => p != "barrier")];

    private static List<string> Numbers(int from, int to) =>
        [.. Enumerable.Range(from, to - from + 1).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    [Fact]
    public async Task Messages_queued_while_the_broker_is_down_arrive_in_order_exactly_once_when_it_comes_up()
    {
        var gateway = StartGateway();
        var queuedAt = _gateway.Time.GetUtcNow();
        EnqueueAlerts(1, 20);
        await Poll.UntilAsync(() => gateway.Status is { ConnectAttempts: >= 1, LastError: not null }, "a failed first connection attempt");
        Assert.False(gateway.Status.Connected);
        Assert.Equal(20, gateway.Status.Queued);
        Assert.Equal(0, gateway.Status.Sent);
        _gateway.Time.Advance(TimeSpan.FromSeconds(45));
        Assert.Equal((queuedAt, 45.0, (DateTimeOffset?)null), (gateway.Status.OldestQueuedAt!.Value, gateway.Status.OldestQueuedAgeSeconds, gateway.Status.LastPublishedAt));

        await _broker.StartAsync();
        await using var fleet = await FleetSubscriber.ConnectAsync(_broker.Port, Prefix + "alerts");
        await Poll.UntilAsync(() => gateway.Status.Queued == 0, "the outbox to drain", LetBackoffPass);
        await Barrier(fleet, gateway);

        var received = fleet.Snapshot();
        Assert.Equal(Numbers(1, 20), Payloads(received));
        Assert.All(received, m => Assert.Equal(GatewayOutbox.Id, m.OutboxId));
        var sequences = received.Select(m => m.Sequence!.Value).ToList();
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i), sequences); // 20 alerts + barrier, from a new outbox
        Assert.True(gateway.Status.Connected);
        Assert.Equal(21, gateway.Status.Sent);
        Assert.Equal((null, 0.0), (gateway.Status.OldestQueuedAt, gateway.Status.OldestQueuedAgeSeconds));
        Assert.InRange(gateway.Status.LastPublishedAt!.Value, queuedAt.AddSeconds(45), _gateway.Time.GetUtcNow());
    }

    [Fact]
    public async Task A_broker_restart_in_the_middle_of_a_stream_resends_every_unacknowledged_message_once_in_order()
    {
        await _broker.StartAsync();

        // The broker dies (kill -9) the moment the fleet has the tenth of 200 messages, so the gateway is mid-stream.
        var fleet = await FleetSubscriber.ConnectAsync(_broker.Port, Prefix + "alerts", onReceived: m =>
        {
            if (m.Payload == "10")
            {
                _broker.Kill();
            }
        });
        var gateway = StartGateway();
        await Poll.UntilAsync(() => gateway.Status.Connected, "the gateway to connect", LetBackoffPass);

        EnqueueAlerts(1, 200);
        await Poll.UntilAsync(() => !gateway.Status.Connected && !_broker.IsRunning, "the broker to die and the gateway to notice");
        await fleet.DisposeAsync();
        EnqueueAlerts(201, 230);

        // Messages 1..acknowledged got their PUBACK: from then on they were the broker's responsibility (MQTT 5.0
        // section 4.3.2), and a broker without persistence loses those it had not forwarded yet. All later ones are
        // still in the outbox and must reach the fleet after the restart.
        var acknowledged = (int)gateway.Status.Sent;
        Assert.InRange(acknowledged, 9, 199);
        Assert.Equal(acknowledged, 230 - (int)GatewayOutbox.Count);

        await _broker.StartAsync();
        await using var fleetAgain = await FleetSubscriber.ConnectAsync(_broker.Port, Prefix + "alerts");
        await Poll.UntilAsync(() => gateway.Status.Queued == 0, "the outbox to drain after the restart", LetBackoffPass);
        await Barrier(fleetAgain, gateway);

        Assert.Equal(Numbers(1, 10), Payloads(fleet.Snapshot()).Take(10));
        Assert.Equal(Numbers(acknowledged + 1, 230), Payloads(fleetAgain.Snapshot()));
        Assert.Equal(Enumerable.Range(acknowledged + 1, 230 - acknowledged).Select(i => (long?)i), fleetAgain.Snapshot().SkipLast(1).Select(m => m.Sequence));

        // The store: each message removed once, after its PUBACK; nothing left, nothing counted as dropped.
        Assert.Equal(231, gateway.Status.Sent);
        Assert.Equal(0, GatewayOutbox.Count);
        Assert.Equal(new OutboxDrops(0, 0, 0), GatewayOutbox.Drops());
        Assert.Equal("ok", GatewayOutbox.IntegrityCheck());
        Assert.True(gateway.Status.ConnectAttempts >= 2);
    }

    [Fact]
    public async Task A_retained_model_bundle_and_a_later_one_are_handed_to_model_delivery()
    {
        await _broker.StartAsync();
        var first = new byte[64 * 1024];
        new Random(1).NextBytes(first);
        var second = Encoding.UTF8.GetBytes("a second bundle");
        await using var fleet = await FleetSubscriber.ConnectAsync(_broker.Port, Prefix + "status");
        await fleet.PublishAsync(Prefix + "model", first, retain: true);

        var delivered = new System.Collections.Concurrent.ConcurrentQueue<byte[]>();
        var gateway = StartGateway((bundle, _) =>
        {
            delivered.Enqueue(bundle);
            return Task.CompletedTask;
        });
        await Poll.UntilAsync(() => delivered.Count >= 1, "the retained bundle", LetBackoffPass);
        await fleet.PublishAsync(Prefix + "model", second, retain: false);
        await Poll.UntilAsync(() => delivered.Count >= 2, "the second bundle");

        Assert.Equal([first, second], delivered.ToArray());
        Assert.Equal(2, gateway.Status.ModelBundlesReceived);
        Assert.Contains(fleet.Snapshot(), m => m is { Topic: Prefix + "status", Payload: "online" });
    }

    [Fact]
    public async Task A_model_bundle_the_callback_rejects_is_reported_and_the_uplink_keeps_publishing()
    {
        await _broker.StartAsync();
        await using var fleet = await FleetSubscriber.ConnectAsync(_broker.Port, Prefix + "alerts");
        var gateway = StartGateway((_, _) => throw new InvalidDataException("signature does not verify"));
        await Poll.UntilAsync(() => gateway.Status.Connected, "the gateway to connect", LetBackoffPass);

        await fleet.PublishAsync(Prefix + "model", [1, 2, 3], retain: false);
        await Poll.UntilAsync(() => gateway.Status.LastError?.Contains("signature does not verify", StringComparison.Ordinal) == true, "the rejection to be reported");
        await Barrier(fleet, gateway);

        Assert.Equal(0, gateway.Status.ModelBundlesReceived);
        Assert.True(gateway.Status.Connected);
    }

    [Fact]
    public async Task Reconnect_attempts_wait_for_the_backoff_on_the_injected_clock()
    {
        // No broker is started: every attempt is refused at once. Backoff is a minute; only the fake clock can end it.
        var gateway = StartGateway();
        await Poll.UntilAsync(() => gateway.Status is { ConnectAttempts: 1, LastError: not null }, "the first refused attempt");
        await Poll.UntilAsync(() => gateway.Status.ConnectAttempts == 2, "a second attempt after the clock moved", LetBackoffPass);
        Assert.False(gateway.Status.Connected);
        Assert.Contains("127.0.0.1:" + _broker.Port.ToString(CultureInfo.InvariantCulture), gateway.Status.LastError, StringComparison.Ordinal);
    }
}
