using Edge.Runtime.Uplink;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Runtime.Tests.Uplink;

/// <summary>
/// The gateway side of a broker test: an outbox in a temporary database and an <see cref="UplinkService"/> whose
/// one-minute reconnect backoff runs on a fake clock, so the test decides when the gateway may try again.
/// </summary>
internal sealed class GatewayUplink : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-uplink-").FullName;
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    public GatewayUplink()
    {
        Outbox = Outbox.Open(new OutboxOptions { DatabasePath = Path.Combine(_dir, "gateway.db") }, Time);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));

    public Outbox Outbox { get; }

    /// <summary>Starts the uplink to 127.0.0.1:<paramref name="port"/>; <paramref name="adjust"/> changes the options (TLS).</summary>
    public UplinkService Start(int port, string topicPrefix, Func<byte[], CancellationToken, Task>? onModelBundle = null, Func<UplinkOptions, UplinkOptions>? adjust = null)
    {
        var options = new UplinkOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = "gw-test",
            TopicPrefix = topicPrefix,
            MinReconnectDelay = TimeSpan.FromMinutes(1),
            MaxReconnectDelay = TimeSpan.FromMinutes(1),
        };
        var service = new UplinkService(adjust?.Invoke(options) ?? options, Outbox, onModelBundle ?? ((_, _) => Task.CompletedTask), Time, new Random(7));
        _running = service.RunAsync(_stop.Token);
        return service;
    }

    /// <summary>Lets one backoff delay end; the gateway reconnects within a few such steps once the broker is up.</summary>
    public void LetBackoffPass() => Time.Advance(TimeSpan.FromMinutes(1));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running;
        }

        Outbox.Dispose();
        _stop.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
