using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Runtime.Uplink;

namespace Edge.Runtime.Tests.Uplink;

/// <summary>The uplink over TLS to a Mosquitto whose certificate is signed by a private CA made here.</summary>
public sealed class UplinkTlsTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-uplink-tls-").FullName;
    private readonly GatewayUplink _gateway = new();
    private Mosquitto _broker = null!;
    private string _caFile = null!;

    public async Task InitializeAsync()
    {
        _caFile = Path.Combine(_dir, "ca.pem");
        var (certificateFile, keyFile) = MakeCertificates(_caFile);
        _broker = new Mosquitto((certificateFile, keyFile));
        await _broker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _broker.Dispose();
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

    private UplinkService StartGateway(string? caFile) =>
        _gateway.Start(_broker.Port, "edge/gw-tls/", adjust: o => o with { UseTls = true, TlsCaCertificatePath = caFile });

    [Fact]
    public async Task With_the_brokers_CA_configured_the_gateway_connects_over_TLS_and_delivers()
    {
        _gateway.Outbox.Enqueue("edge/gw-tls/alerts", "1"u8, OutboxKind.Alert);

        var gateway = StartGateway(_caFile);

        await Poll.UntilAsync(() => gateway.Status.Queued == 0, "delivery over TLS", _gateway.LetBackoffPass);
        Assert.Equal(1, gateway.Status.Sent);
    }

    [Fact]
    public async Task A_broker_certificate_from_an_unknown_CA_is_refused()
    {
        _gateway.Outbox.Enqueue("edge/gw-tls/alerts", "1"u8, OutboxKind.Alert);

        var gateway = StartGateway(caFile: null); // system trust store only: our test CA is not in it

        await Poll.UntilAsync(() => gateway.Status is { ConnectAttempts: >= 1, LastError: not null }, "the refused TLS handshake");
        Assert.False(gateway.Status.Connected);
        Assert.Equal(1, gateway.Status.Queued);
        Assert.Equal(0, gateway.Status.Sent);
    }
}
