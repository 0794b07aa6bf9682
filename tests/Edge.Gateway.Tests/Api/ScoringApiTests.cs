using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Edge.Gateway.Hosting;
using Edge.MeterAdapter.Readings;
using Edge.Runtime.Config;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Gateway.Tests.Api;

/// <summary>POST /api/score and the scoring metrics, fed by ScoringStatus.</summary>
public sealed class ScoringApiTests
{
    [Fact]
    public async Task Score_needs_the_admin_role_and_says_when_scoring_is_not_running()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var read = await gateway.SendAsync(HttpMethod.Post, "/api/score", RunningGateway.ReadToken);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        using var none = await gateway.SendAsync(HttpMethod.Post, "/api/score", null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);

        // The test host registers ScoringStatus but no ScoringService.
        using var admin = await gateway.SendAsync(HttpMethod.Post, "/api/score", RunningGateway.AdminToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, admin.StatusCode);
    }

    [Fact]
    public async Task An_admin_scores_now_over_http_in_the_daemons_composition_and_the_run_raises_its_finding()
    {
        var dir = Directory.CreateTempSubdirectory("edge-score-").FullName;
        try
        {
            var config = GatewayConfigLoader.Parse(
                Encoding.UTF8.GetBytes($$"""
                    {
                      "gatewayId": "gw-score",
                      "dataDirectory": "data",
                      "meters": [ { "id": "house", "protocol": "dsmr", "device": "/dev/unused" } ],
                      "api": { "listenUrl": "http://127.0.0.1:0",
                               "tokens": [ { "name": "technician", "role": "admin", "sha256": "{{RunningGateway.AdminSha256}}" } ] }
                    }
                    """),
                "test.json",
                dir);
            // Stored before the daemon starts, on the run's day (zone UTC): a consumption-only meter whose export
            // register advances from 1000 to 3500 Wh, 2.5 kWh, far above the reverse-energy rule's 10 Wh minimum.
            Directory.CreateDirectory(config.DataPath);
            using (var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = config.DatabasePath }))
            {
                store.Append([Reading(1, 10_000, 1000), Reading(3, 12_000, 2000), Reading(5, 14_000, 3500)]);
            }

            var time = new FakeTimeProvider(RunningGateway.Start); // 06:00Z; the daily run is at 02:00, not due before tomorrow
            await using var app = GatewayApp.Build(config, new GatewayHostOptions { Time = time, MeterSources = _ => [], MinimumLogLevel = LogLevel.None });
            await app.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RunningGateway.AdminToken);

            using var response = await http.PostAsync(new Uri("api/score", UriKind.Relative), null);
            var body = await response.Content.ReadAsStringAsync();
            using var alerts = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/alerts", UriKind.Relative)));
            var (samples, _) = PrometheusTextParser.Parse(await http.GetStringAsync(new Uri("metrics", UriKind.Relative)));
            await app.StopAsync();

            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var result = JsonSerializer.Deserialize(body, Gateway.Api.ApiJson.Default.ScoreResult)!;
            Assert.Equal(RunningGateway.Start, result.StartedAt);
            // One meter with readings, no model installed (rules only), one rule finding.
            Assert.Equal((1, null, 0, null, 1), (result.Meters, result.Model, result.MetersScored, result.ModelFailure, result.AlertsRaised));
            Assert.Empty(result.RuleFailures);
            var alert = Assert.Single(alerts.RootElement.EnumerateArray());
            Assert.Equal(("house", "ReverseEnergy"), (alert.GetProperty("meterId").GetString(), alert.GetProperty("kind").GetString()));
            Assert.Contains("export register advanced 2.500 kWh (1000 -> 3500 Wh)", alert.GetProperty("evidence").GetString(), StringComparison.Ordinal);
            Assert.Equal(1, samples.Single(s => s.Name == "edge_scoring_runs_total").Value);
            Assert.Equal(1, samples.Single(s => s.Name == "edge_scoring_duration_seconds_count").Value);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }

        static MeterReading Reading(int hour, long importWh, long exportWh) => new()
        {
            MeterId = "house",
            Protocol = MeterProtocol.DsmrP1,
            GatewayTime = new DateTimeOffset(2026, 11, 24, hour, 0, 0, TimeSpan.Zero),
            Energy = new EnergyRegisters { ImportTotalWh = importWh, ExportTotalWh = exportWh },
        };
    }

    [Fact]
    public async Task Scoring_runs_failures_and_latency_come_from_ScoringStatus()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var status = gateway.Scoring;
        status.Record(new ScoringRunReport(RunningGateway.Start, TimeSpan.FromMilliseconds(20), 2, new ModelRunReport("gateway-theft@3", [], 0, null), 0, []));
        status.Record(new ScoringRunReport(RunningGateway.Start, TimeSpan.FromSeconds(3), 2, new ModelRunReport("gateway-theft@3", [], 0, "NaN score for meter m1"), 1, []));

        using var response = await gateway.SendAsync(HttpMethod.Get, "/metrics", RunningGateway.ReadToken);
        var (samples, _) = PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());
        double One(string name, string? le = null) => samples.Single(s => s.Name == name && s.Label("le") == le).Value;

        Assert.Equal(2, One("edge_scoring_runs_total"));
        Assert.Equal(1, One("edge_scoring_model_failures_total"));
        Assert.Equal(2, One("edge_scoring_duration_seconds_count"));
        Assert.Equal(1, One("edge_scoring_duration_seconds_bucket", "0.025"));
        Assert.Equal(2, One("edge_scoring_duration_seconds_bucket", "5"));
    }
}
