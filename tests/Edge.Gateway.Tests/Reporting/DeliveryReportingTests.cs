using System.Net;
using System.Net.Http.Json;
using Edge.Gateway.Api;
using Edge.Gateway.Tests.Api;
using Edge.ModelContract.Bundles;
using Edge.Runtime.Health;
using Edge.Runtime.Models;
using Edge.Runtime.Scoring;
using Edge.Runtime.Tests.Support;
using Edge.Runtime.Uplink;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.Reporting;

/// <summary>
/// Issue 7: an automatic rollback and the refused bundles are shown on the page, the API and the metrics with what,
/// when, why and which versions; so is the uplink's state (connected, messages waiting, oldest one's age, last publish).
/// The real installer and outbox, behind the real endpoints; no broker listens, so the uplink is not connected.
/// </summary>
public sealed class DeliveryReportingTests : IDisposable
{
    private readonly BundleSigningKey _key = BundleSigningKey.Generate();
    private readonly string _keys = Directory.CreateTempSubdirectory("edge-keys-").FullName;

    private Task<RunningGateway> StartAsync()
    {
        var keyFile = Path.Combine(_keys, "utility.pub.pem");
        File.WriteAllText(keyFile, _key.ExportPublicKeyPem());
        return RunningGateway.StartAsync((services, config) =>
        {
            services.AddSingleton(sp => ModelInstaller.Open(
                new ModelDeliveryOptions { TrustedKeyFiles = [keyFile], ModelDirectory = Path.Combine(config.DataDirectory, "models"), RollbackAfterFailedRuns = 3 },
                sp.GetRequiredService<FaultBoard>(),
                sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton(sp => Outbox.Open(new OutboxOptions { DatabasePath = Path.Combine(config.DataDirectory, "uplink.db") }, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton(sp => new UplinkService(
                new UplinkOptions { Host = "127.0.0.1", Port = 1, ClientId = "gw-test", TopicPrefix = "edge/gw-test/" },
                sp.GetRequiredService<Outbox>(),
                (_, _) => Task.CompletedTask,
                sp.GetRequiredService<TimeProvider>()));
        });
    }

    [Fact]
    public async Task A_rollback_refusals_and_the_uplink_backlog_show_on_the_api_the_metrics_and_the_page()
    {
        await using var gateway = await StartAsync();
        var installer = gateway.Services.GetRequiredService<ModelInstaller>();
        var outbox = gateway.Services.GetRequiredService<Outbox>();
        var events = new List<ModelDeliveryEvent>();
        installer.Changed += (_, e) => events.Add(e);

        Assert.True((await installer.InstallAsync(TestBundles.Gateway(_key, 1).Bytes, "test", CancellationToken.None)).Activated);
        Assert.True((await installer.InstallAsync(TestBundles.Gateway(_key, 2).Bytes, "mqtt", CancellationToken.None)).Activated);
        var tampered = await installer.InstallAsync(FlipModelByte(TestBundles.Gateway(_key, 3).Bytes), "inbox:v3.bundle", CancellationToken.None);
        var downgrade = await installer.InstallAsync(TestBundles.Gateway(_key, 1, seed: 7).Bytes, "api", CancellationToken.None);
        Assert.Equal((nameof(BundleRejection.ModelHashMismatch), ModelRejection.NotNewer), (tampered.Reason, downgrade.Reason));

        // Two messages wait for the broker from 06:00; 90 s later v2 fails its third scoring run in a row.
        outbox.Enqueue("edge/gw-test/alerts", "{}"u8, OutboxKind.Alert);
        outbox.Enqueue("edge/gw-test/health", "{}"u8, OutboxKind.Health);
        gateway.Time.Advance(TimeSpan.FromSeconds(90));
        var v2 = installer.Active!;
        for (var run = 0; run < 3; run++)
        {
            installer.ReportOutcome(v2, new ModelRunOutcome(0, 0, "non-finite score NaN for meter m1"));
        }

        var rolledBackAt = RunningGateway.Start.AddSeconds(90);
        var rolledBack = events.Single(e => e.Kind == ModelEventKind.RolledBack);
        Assert.Equal(("gateway-theft@2", "gateway-theft@1", rolledBackAt), (rolledBack.Label, rolledBack.To, rolledBack.AtUtc));

        // API: /api/models has the details, /api/status the summary and the uplink.
        using var modelsResponse = await gateway.SendAsync(HttpMethod.Get, "/api/models", RunningGateway.ReadToken);
        var models = (await modelsResponse.Content.ReadFromJsonAsync(ModelApiJson.Default.ModelStatus))!;
        Assert.Equal(("gateway-theft@2", "gateway-theft@1", RollbackKind.Automatic, rolledBackAt), (models.LastRollback!.From, models.LastRollback.To, models.LastRollback.Kind, models.LastRollback.AtUtc));
        Assert.Contains("3 scoring runs failed in a row", models.LastRollback.Reason, StringComparison.Ordinal);
        Assert.Equal(
            [(null, nameof(BundleRejection.ModelHashMismatch), "inbox:v3.bundle"), ("gateway-theft@1", ModelRejection.NotNewer, "api")],
            models.RecentRejections.Select(r => (r.Label, r.Reason, r.Source)).ToArray());
        Assert.Contains("gateway-theft", downgrade.Message, StringComparison.Ordinal);
        Assert.Equal((2L, 2L, 1L, 0L), (models.Counts.Activated, models.Counts.Rejected, models.Counts.AutomaticRollbacks, models.Counts.OperatorRollbacks));
        Assert.Equal(2L, models.HighestVersions["gateway-theft"]);

        using var statusResponse = await gateway.SendAsync(HttpMethod.Get, "/api/status", RunningGateway.ReadToken);
        var status = (await statusResponse.Content.ReadFromJsonAsync(ApiJson.Default.GatewayStatus))!;
        Assert.Equal(("gateway-theft@2", "gateway-theft@1"), (status.LastRollback!.From, status.LastRollback.To));
        Assert.Equal(1L, status.ModelDelivery!.AutomaticRollbacks);
        Assert.Contains(status.Faults, f => f.Component == ModelInstaller.FaultComponent && f.Message.Contains("rolled back to gateway-theft@1", StringComparison.Ordinal));
        var uplink = status.Uplink!;
        Assert.Equal((false, 2L, RunningGateway.Start, 90.0, (DateTimeOffset?)null), (uplink.Connected, uplink.Queued, uplink.OldestQueuedAt!.Value, uplink.OldestQueuedAgeSeconds, uplink.LastPublishedAt));

        // Metrics: counters, the rollback's time and versions, the uplink gauges; no publish yet, so no sample for it.
        using var metricsResponse = await gateway.SendAsync(HttpMethod.Get, "/metrics", RunningGateway.ReadToken);
        var (samples, types) = PrometheusTextParser.Parse(await metricsResponse.Content.ReadAsStringAsync());
        double One(string name, params (string Label, string Value)[] labels) =>
            samples.Single(s => s.Name == name && labels.All(l => s.Label(l.Label) == l.Value)).Value;
        Assert.Equal(1, One("edge_model_rollbacks_total", ("kind", "automatic")));
        Assert.Equal(0, One("edge_model_rollbacks_total", ("kind", "operator")));
        Assert.Equal(2, One("edge_model_activations_total"));
        Assert.Equal(1, One("edge_model_rejections_total", ("reason", "model_hash_mismatch")));
        Assert.Equal(1, One("edge_model_rejections_total", ("reason", "not_newer")));
        Assert.Equal(rolledBackAt.ToUnixTimeSeconds(), One("edge_model_last_rollback_timestamp_seconds", ("from", "gateway-theft@2"), ("to", "gateway-theft@1"), ("kind", "automatic")));
        Assert.Equal(0, One("edge_uplink_connected"));
        Assert.Equal(2, One("edge_uplink_outbox_messages"));
        Assert.Equal(90, One("edge_uplink_outbox_oldest_age_seconds"));
        Assert.Equal("gauge", types["edge_uplink_last_publish_timestamp_seconds"]);
        Assert.DoesNotContain(samples, s => s.Name == "edge_uplink_last_publish_timestamp_seconds");
        Assert.Equal(1, One("edge_fault_active", ("component", "model")));

        // Page: what, when, why, which versions; the refusals with their reasons; the uplink backlog ('+' is HTML-encoded).
        using var page = await gateway.SendAsync(HttpMethod.Get, "/page/overview", RunningGateway.ReadToken);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<b>Rolled back</b> (automatic) from <b>gateway-theft@2</b> to <b>gateway-theft@1</b> at 2026-11-24 06:01:30 &#x2B;00:00: 3 scoring runs failed in a row", html, StringComparison.Ordinal);
        Assert.Contains("<td>(not verified)</td><td>inbox:v3.bundle</td><td>ModelHashMismatch</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>gateway-theft@1</td><td>api</td><td>NotNewer</td>", html, StringComparison.Ordinal);
        Assert.Contains("1 automatic and 0 operator rollbacks", html, StringComparison.Ordinal);
        Assert.Contains("<b>Not connected</b> · 2 waiting, oldest for 0 h 1 min · last publish never", html, StringComparison.Ordinal);
    }

    /// <summary>The bundle with one byte of model.onnx inverted: the signature still verifies, the model hash does not.</summary>
    private static byte[] FlipModelByte(byte[] bundle)
    {
        var entries = BundleContainer.Read(bundle);
        entries[BundleContainer.ModelEntry][100] ^= 0xFF;
        return BundleContainer.Write(entries);
    }

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_keys, recursive: true);
    }
}
