using System.Buffers;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Edge.Runtime.Uplink;

/// <summary>
/// The fleet uplink: keeps one MQTT 5 connection to the broker, drains the <see cref="Outbox"/> strictly in order with
/// QoS 1 (one message in flight; the next goes only after the previous one's PUBACK removed it from the outbox), and
/// hands bundles from the model topic to model delivery. Reconnects with <see cref="ReconnectBackoff"/> timed by the
/// injected <see cref="TimeProvider"/>. Delivery is at least once: a PUBACK lost to a broken connection or a power cut
/// before the outbox removal means the message is sent again; each message carries the user properties
/// <c>edge-outbox</c> and <c>edge-seq</c> so receivers can discard the repeat (docs/uplink.md).
/// </summary>
public sealed class UplinkService
{
    /// <summary>User property naming the outbox a message came from (MQTT 5.0 section 3.3.2.3.7).</summary>
    public const string OutboxProperty = "edge-outbox";

    /// <summary>User property carrying the message's outbox sequence.</summary>
    public const string SequenceProperty = "edge-seq";

    private readonly UplinkOptions _options;
    private readonly Outbox _outbox;
    private readonly TimeProvider _time;
    private readonly ReconnectBackoff _backoff;
    private readonly ModelBundleRelay _models;
    private readonly Lock _statusGate = new();
    private readonly ReadOnlyMemory<byte> _outboxIdUtf8;
    private bool _connected;
    private long _sent;
    private long _attempts;
    private DateTimeOffset? _lastConnectedAt;
    private DateTimeOffset? _lastPublishedAt;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;

    /// <param name="onModelBundle">Model delivery's entry point for bundle bytes from the model topic.</param>
    /// <param name="random">Jitter source for the backoff; null for a shared one.</param>
    public UplinkService(UplinkOptions options, Outbox outbox, Func<byte[], CancellationToken, Task> onModelBundle, TimeProvider time, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(onModelBundle);
        ArgumentNullException.ThrowIfNull(time);
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid uplink configuration: " + string.Join("; ", problems.Select(p => p.ToString())), nameof(options));
        }

        _options = options;
        _outbox = outbox;
        _time = time;
        _outboxIdUtf8 = Encoding.UTF8.GetBytes(outbox.Id);
        Topics = UplinkTopics.For(options);
        _backoff = new ReconnectBackoff(options.MinReconnectDelay, options.MaxReconnectDelay, random ?? Random.Shared);
        _models = new ModelBundleRelay(onModelBundle, RecordError);
    }

    public UplinkTopics Topics { get; }

    public UplinkStatus Status
    {
        get
        {
            var oldest = _outbox.OldestEnqueuedAt();
            var now = _time.GetUtcNow();
            lock (_statusGate)
            {
                return new UplinkStatus
                {
                    Connected = _connected,
                    Queued = _outbox.Count,
                    OldestQueuedAt = oldest,
                    OldestQueuedAgeSeconds = oldest is { } at ? Math.Max(0, (now - at).TotalSeconds) : 0,
                    LastPublishedAt = _lastPublishedAt,
                    Sent = _sent,
                    Dropped = _outbox.Drops(),
                    ConnectAttempts = _attempts,
                    LastConnectedAt = _lastConnectedAt,
                    LastError = _lastError,
                    LastErrorAt = _lastErrorAt,
                    ModelBundlesReceived = _models.Delivered,
                };
            }
        }
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then disconnects cleanly.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var relay = _models.RunAsync(cancellationToken);
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (string.Equals(e.ApplicationMessage.Topic, Topics.Model, StringComparison.Ordinal))
            {
                _models.Offer(e.ApplicationMessage.Payload.ToArray());
            }

            return Task.CompletedTask;
        };
        var clientOptions = BuildClientOptions();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await RunConnectionAsync(client, clientOptions, cancellationToken).ConfigureAwait(false);
                await Task.Delay(_backoff.Next(), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            SetConnected(false);
            if (client.IsConnected)
            {
                await client.TryDisconnectAsync(MqttClientDisconnectOptionsReason.NormalDisconnection).ConfigureAwait(false);
            }

            await relay.ConfigureAwait(false);
        }
    }

    /// <summary>One connection's life: connect, subscribe, drain until it breaks. Returns after recording why it ended.</summary>
    private async Task RunConnectionAsync(IMqttClient client, MqttClientOptions clientOptions, CancellationToken cancellationToken)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The drain loop may be waiting for the next enqueue; a lost connection must wake it.
        Func<MqttClientDisconnectedEventArgs, Task> onDisconnected = _ =>
        {
            CancelQuietly(connection);
            return Task.CompletedTask;
        };
        client.DisconnectedAsync += onDisconnected;
        try
        {
            lock (_statusGate)
            {
                _attempts++;
            }

            await client.ConnectAsync(clientOptions, connection.Token).ConfigureAwait(false);
            await client.SubscribeAsync(Topics.Model, MqttQualityOfServiceLevel.AtLeastOnce, connection.Token).ConfigureAwait(false);
            await client.PublishStringAsync(Topics.Status, "online", MqttQualityOfServiceLevel.AtLeastOnce, retain: true, connection.Token).ConfigureAwait(false);
            _backoff.Reset();
            lock (_statusGate)
            {
                _connected = true;
                _lastConnectedAt = _time.GetUtcNow();
            }

            await DrainAsync(client, connection.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            RecordError(connection.IsCancellationRequested && !client.IsConnected
                ? $"connection to {_options.Host}:{_options.Port} lost"
                : $"{_options.Host}:{_options.Port}: {e.Message}");
        }
        finally
        {
            client.DisconnectedAsync -= onDisconnected;
            SetConnected(false);
        }

        if (client.IsConnected)
        {
            await client.TryDisconnectAsync(MqttClientDisconnectOptionsReason.UnspecifiedError).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync(IMqttClient client, CancellationToken connection)
    {
        while (true)
        {
            connection.ThrowIfCancellationRequested();
            var message = _outbox.Peek();
            if (message is null)
            {
                await _outbox.WaitForMessagesAsync(connection).ConfigureAwait(false);
                continue;
            }

            var publish = new MqttApplicationMessageBuilder()
                .WithTopic(message.Topic)
                .WithPayload(message.Payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithContentType("application/json")
                .WithUserProperty(OutboxProperty, _outboxIdUtf8)
                .WithUserProperty(SequenceProperty, Encoding.UTF8.GetBytes(message.Sequence.ToString(CultureInfo.InvariantCulture)))
                .Build();

            // A network wait, not backoff: real time, so that a fake clock in tests cannot fire it.
            using var response = CancellationTokenSource.CreateLinkedTokenSource(connection);
            response.CancelAfter(_options.ResponseTimeout);
            var result = await client.PublishAsync(publish, response.Token).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                // Kept, not dropped: a refusal (not authorised, quota) is a broker-side configuration fault that an
                // operator fixes; the message goes out when it is fixed. Reconnecting applies the backoff.
                throw new InvalidOperationException(
                    $"broker refused message {message.Sequence} on {message.Topic}: {result.ReasonCode} {result.ReasonString}");
            }

            _outbox.Remove(message.Sequence);
            lock (_statusGate)
            {
                _sent++;
                _lastPublishedAt = _time.GetUtcNow();
            }
        }
    }

    private MqttClientOptions BuildClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId(_options.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithTimeout(_options.ResponseTimeout)
            .WithWillTopic(Topics.Status)
            .WithWillPayload("offline")
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (_options.Username is not null)
        {
            builder.WithCredentials(_options.Username, _options.Password ?? string.Empty);
        }

        if (_options.UseTls)
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls(true).WithTargetHost(_options.Host);
                if (_options.TlsCaCertificatePath is not null)
                {
                    var authorities = new X509Certificate2Collection();
                    authorities.ImportFromPemFile(_options.TlsCaCertificatePath);
                    tls.WithTrustChain(authorities);
                }
            });
        }

        return builder.Build();
    }

    private void RecordError(string message)
    {
        lock (_statusGate)
        {
            _lastError = message;
            _lastErrorAt = _time.GetUtcNow();
        }
    }

    private void SetConnected(bool connected)
    {
        lock (_statusGate)
        {
            _connected = connected;
        }
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
