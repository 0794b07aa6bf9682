using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Runtime.Uplink;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Runtime.Tests.Uplink;

/// <summary>The uplink over TLS to a Mosquitto whose certificate is signed by a private CA made here.</summary>
public sealed class UplinkTlsTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-uplink-tls-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource _stop = new();
    private Mosquitto _broker = null!;
    private Outbox _outbox = null!;
    private string _caFile = null!;
    private Task? _running;

    public async Task InitializeAsync()
    {
        _caFile = Path.Combine(_dir, "ca.pem");
        var (certificateFile, keyFile) = MakeCertificates(_caFile);
        _broker = new Mosquitto((certificateFile, keyFile));
        await _broker.StartAsync();
        _outbox = Outbox.Open(new OutboxOptions { DatabasePath = Path.Combine(_dir, "gateway.db") }, _time);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running;
        }

        _outbox.Dispose();
        _broker.Dispose();
        _stop.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A CA and a server certificate for 127.0.0.1 signed by it, written as PEM; returns the server's files.</summary>
    private (string Certificate, string Key) MakeCertificates(string caFile)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=edge test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        using var server = serverRequest.Create(ca, now.AddDays(-1), now.AddDays(29), [1, 2, 3, 4]);

        File.WriteAllText(caFile, ca.ExportCertificatePem());
        var certificateFile = Path.Combine(_dir, "server.pem");
        var keyFile = Path.Combine(_dir, "server.key");
        File.WriteAllText(certificateFile, server.ExportCertificatePem());
        File.WriteAllText(keyFile, serverKey.ExportPkcs8PrivateKeyPem());
        return (certificateFile, keyFile);
    }

    private UplinkService StartGateway(string? caFile)
    {
        var service = new UplinkService(
            new UplinkOptions
            {
                Host = "127.0.0.1",
                Port = _broker.Port,
                ClientId = "gw-tls",
                TopicPrefix = "edge/gw-tls/",
                UseTls = true,
                TlsCaCertificatePath = caFile,
                MinReconnectDelay = TimeSpan.FromMinutes(1),
                MaxReconnectDelay = TimeSpan.FromMinutes(1),
            },
            _outbox,
            (_, _) => Task.CompletedTask,
            _time);
        _running = service.RunAsync(_stop.Token);
        return service;
    }

    [Fact]
    public async Task With_the_brokers_CA_configured_the_gateway_connects_over_TLS_and_delivers()
    {
        _outbox.Enqueue("edge/gw-tls/alerts", "1"u8, OutboxKind.Alert);

        var gateway = StartGateway(_caFile);

        await Poll.UntilAsync(() => gateway.Status.Queued == 0, "delivery over TLS", () => _time.Advance(TimeSpan.FromMinutes(1)));
        Assert.Equal(1, gateway.Status.Sent);
    }

    [Fact]
    public async Task A_broker_certificate_from_an_unknown_CA_is_refused()
    {
        _outbox.Enqueue("edge/gw-tls/alerts", "1"u8, OutboxKind.Alert);

        var gateway = StartGateway(caFile: null); // system trust store only: our test CA is not in it

        await Poll.UntilAsync(() => gateway.Status is { ConnectAttempts: >= 1, LastError: not null }, "the refused TLS handshake");
        Assert.False(gateway.Status.Connected);
        Assert.Equal(1, gateway.Status.Queued);
        Assert.Equal(0, gateway.Status.Sent);
    }
}
