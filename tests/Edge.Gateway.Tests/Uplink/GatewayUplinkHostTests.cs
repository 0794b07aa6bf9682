using Edge.Gateway.Tests.Support;
using System.Text.Json;
using Edge.Gateway.Hosting;
using Edge.Gateway.Tests.Cli;
using Edge.ModelContract.Bundles;
using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Models;
using Edge.Runtime.Scoring;
using Edge.Runtime.Tests.Support;
using Edge.Runtime.Tests.Uplink;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.Uplink;

/// <summary>
/// The daemon's composition (GatewayApp on 127.0.0.1, port chosen by the OS) with an "uplink" section pointing at a real
/// Mosquitto: alerts reach the fleet's alert topic, and a bundle announced retained on the model topic is installed.
/// </summary>
[Collection(ConsoleCapture.Collection)]
public sealed class GatewayUplinkHostTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("edge-uplink-host-").FullName;
    private readonly BundleSigningKey _key = BundleSigningKey.Generate();
    private readonly Mosquitto _broker = new();
    private readonly GatewayConfig _config;

    public GatewayUplinkHostTests()
    {
        File.WriteAllText(Path.Combine(_root, "utility.pub.pem"), _key.ExportPublicKeyPem());
        _config = new GatewayConfig
        {
            GatewayId = "gw-test",
            DataDirectory = "data",
            BaseDirectory = _root,
            Api = new ApiConfig { ListenUrl = "http://127.0.0.1:0" },
            Models = new ModelsConfig { TrustedKeyFiles = ["utility.pub.pem"] },
            Uplink = new UplinkConfig { Host = "127.0.0.1", Port = _broker.Port },
        };
    }

    [Fact]
    public async Task An_alert_reaches_the_alert_topic_and_an_announced_bundle_is_installed()
    {
        await _broker.StartAsync();
        await using var fleet = await FleetSubscriber.ConnectAsync(_broker.Port, "edge/gw-test/#");
        // Retained before the gateway exists: it must get the bundle when it connects (docs/uplink.md).
        await fleet.PublishAsync("edge/gw-test/model", TestBundles.Gateway(_key, 1).Bytes, retain: true);
        await using var app = GatewayApp.Build(_config, new GatewayHostOptions { MeterSources = _ => [] });
        var installer = app.Services.GetRequiredService<ModelInstaller>();
        Assert.Null(installer.Active);

        await app.StartAsync();
        var raised = app.Services.GetRequiredService<AlertStore>().Raise(new Alert
        {
            MeterId = "E0012345",
            Kind = AlertKind.ReverseEnergy,
            RaisedAt = new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.FromHours(1)),
            Evidence = "exported 4.2 kWh on an import-only meter",
        });
        await Poll.UntilAsync(() => Messages("edge/gw-test/alerts").Any(), "the alert on edge/gw-test/alerts");
        await Poll.UntilAsync(() => installer.Active is not null, "the announced bundle installed");
        await Poll.UntilAsync(() => Messages("edge/gw-test/health").Any(h => h.TryGetProperty("modelEvent", out _)), "a health report for the install");
        var run = await app.Services.GetRequiredService<ScoringService>().ScoreNowAsync();
        await Poll.UntilAsync(() => Messages("edge/gw-test/daily").Any(), "the daily summary after the scoring run");

        var alert = Assert.Single(Messages("edge/gw-test/alerts"));
        Assert.Equal(raised.Id, alert.GetProperty("alertId").GetInt64());
        Assert.Equal("E0012345", alert.GetProperty("meterId").GetString());
        Assert.Equal("ReverseEnergy", alert.GetProperty("kind").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero), alert.GetProperty("raisedAt").GetDateTimeOffset());
        Assert.Equal("exported 4.2 kWh on an import-only meter", alert.GetProperty("evidence").GetString());
        Assert.False(alert.TryGetProperty("score", out _)); // a rule alert: absent, never null
        Assert.Equal("gateway-theft@1", installer.Active!.Label);
        Assert.Equal("mqtt", installer.Status.LastInstall!.Source);
        var modelEvent = Messages("edge/gw-test/health").First(h => h.TryGetProperty("modelEvent", out _)).GetProperty("modelEvent");
        Assert.Equal(("Installed", "gateway-theft@1"), (modelEvent.GetProperty("kind").GetString(), modelEvent.GetProperty("label").GetString()));
        // The run scores up to the last complete local day (zone UTC here): the day before the run started. No meters.
        var daily = Assert.Single(Messages("edge/gw-test/daily"));
        Assert.Equal(DateOnly.FromDateTime(run.StartedAt.UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), daily.GetProperty("day").GetString());
        Assert.Equal((0, 0, 0L, 0), (daily.GetProperty("meters").GetInt32(), daily.GetProperty("metersScored").GetInt32(), daily.GetProperty("readingsStored").GetInt64(), daily.GetProperty("alertsRaised").GetInt32()));
        await app.StopAsync();

        IEnumerable<JsonElement> Messages(string topic) =>
            fleet.Snapshot().Where(m => m.Topic == topic).Select(m => JsonDocument.Parse(m.Payload).RootElement);
    }

    [Fact]
    public void Without_an_uplink_section_nothing_of_the_uplink_is_registered()
    {
        _config.Uplink = null;
        using var app = GatewayApp.Build(_config, new GatewayHostOptions { MeterSources = _ => [] });

        Assert.Null(app.Services.GetService<Runtime.Uplink.UplinkService>());
        Assert.Null(app.Services.GetService<Runtime.Uplink.Outbox>());
    }

    public void Dispose()
    {
        _broker.Dispose();
        _key.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
