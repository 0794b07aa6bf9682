using System.Net;
using Edge.MeterAdapter.Readings;
using Edge.Runtime.Config;
using Edge.Runtime.Storage;

namespace Edge.Gateway.Tests.Api;

/// <summary>The last current per phase in GET /api/meters and /metrics, and the power-failure log on the technician page.</summary>
public sealed class ElectricalViewsTests
{
    [Fact]
    public async Task Meters_api_and_metrics_show_the_newest_stored_current_per_phase()
    {
        await using var gateway = await RunningGateway.StartAsync(new MeterConfig { Id = "m1", Protocol = MeterProtocolName.Dsmr });
        var m1 = gateway.Meters.For("m1", "dsmr");
        m1.Stored(RunningGateway.Start, [3.4, null, 0.41]);
        m1.Stored(RunningGateway.Start.AddSeconds(-1), [9.0, 9.0, 9.0]); // older, committed late: not the newest

        using var meters = await gateway.SendAsync(HttpMethod.Get, "/api/meters", RunningGateway.ReadToken);
        Assert.Equal(HttpStatusCode.OK, meters.StatusCode);
        Assert.Contains("\"currentA\":[3.4,null,0.41]", await meters.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var metrics = await gateway.SendAsync(HttpMethod.Get, "/metrics", RunningGateway.ReadToken);
        var (samples, types) = PrometheusTextParser.Parse(await metrics.Content.ReadAsStringAsync());
        Assert.Equal("gauge", types["edge_meter_current_amperes"]);
        var current = samples.Where(s => s.Name == "edge_meter_current_amperes").ToDictionary(s => s.Label("phase")!, s => s.Value);
        Assert.Equal(new Dictionary<string, double> { ["l1"] = 3.4, ["l3"] = 0.41 }, current);
    }

    [Fact]
    public async Task Meters_api_page_and_metrics_show_the_voltage_sags_and_swells_per_phase()
    {
        await using var gateway = await RunningGateway.StartAsync(new MeterConfig { Id = "m1", Protocol = MeterProtocolName.Dsmr });

        // DSMR 5.0.2 §6.12 example: 1-0:32.32.0(00002) 1-0:52.32.0(00001) 1-0:72.32.0(00000), 1-0:32.36.0(00000) 1-0:52.36.0(00003) 1-0:72.36.0(00000).
        gateway.Meters.For("m1", "dsmr").Stored(new MeterReading
        {
            MeterId = "m1",
            Protocol = MeterProtocol.DsmrP1,
            GatewayTime = RunningGateway.Start,
            Events = new MeterEvents { VoltageSags = 3, VoltageSwells = 3, VoltageSagsByPhase = [2, 1, 0], VoltageSwellsByPhase = [0, 3, 0] },
        });

        using var meters = await gateway.SendAsync(HttpMethod.Get, "/api/meters", RunningGateway.ReadToken);
        var json = await meters.Content.ReadAsStringAsync();
        Assert.Contains("\"voltageSags\":[2,1,0],\"voltageSwells\":[0,3,0]", json, StringComparison.Ordinal);

        using var metrics = await gateway.SendAsync(HttpMethod.Get, "/metrics", RunningGateway.ReadToken);
        var (samples, types) = PrometheusTextParser.Parse(await metrics.Content.ReadAsStringAsync());
        Assert.Equal(("counter", "counter"), (types["edge_meter_voltage_sags_total"], types["edge_meter_voltage_swells_total"]));
        Dictionary<string, double> ByPhase(string name) => samples.Where(s => s.Name == name).ToDictionary(s => s.Label("phase")!, s => s.Value);
        Assert.Equal(new Dictionary<string, double> { ["l1"] = 2, ["l2"] = 1, ["l3"] = 0 }, ByPhase("edge_meter_voltage_sags_total"));
        Assert.Equal(new Dictionary<string, double> { ["l1"] = 0, ["l2"] = 3, ["l3"] = 0 }, ByPhase("edge_meter_voltage_swells_total"));
        Assert.DoesNotContain(samples, s => s.Name == "edge_meter_current_amperes"); // none reported

        using var page = await gateway.SendAsync(HttpMethod.Get, "/page/overview", RunningGateway.ReadToken);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<th>Current L1/L2/L3</th><th>Sags L1/L2/L3</th><th>Swells L1/L2/L3</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td>-</td><td>2 / 1 / 0</td><td>0 / 3 / 0</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_lists_the_power_failures_that_ended_in_the_last_30_days_newest_first()
    {
        await using var gateway = await RunningGateway.StartAsync(new MeterConfig { Id = "m1", Protocol = MeterProtocolName.Dsmr });
        var now = RunningGateway.Start; // 2026-11-24 06:00 UTC
        var plus1 = TimeSpan.FromHours(1);
        using (var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = gateway.DatabasePath }))
        {
            // The meter's log as its telegram carries it: 2026-11-20 08:00 +01:00 for 600 s (off 07:50:00), 2026-11-10
            // 12:00 +01:00 for 4000 s (off 10:53:20), and 2026-10-20 12:00 +01:00, 35 days ago: outside the 30 days.
            store.Append([new MeterReading
            {
                MeterId = "m1",
                Protocol = MeterProtocol.DsmrP1,
                GatewayTime = now.AddMinutes(-5),
                Events = new MeterEvents
                {
                    PowerFailureLog =
                    [
                        new PowerFailureLogEntry(new DateTimeOffset(2026, 11, 20, 8, 0, 0, plus1), TimeSpan.FromSeconds(600)),
                        new PowerFailureLogEntry(new DateTimeOffset(2026, 11, 10, 12, 0, 0, plus1), TimeSpan.FromSeconds(4000)),
                        new PowerFailureLogEntry(new DateTimeOffset(2026, 10, 20, 12, 0, 0, plus1), TimeSpan.FromSeconds(60)),
                    ],
                },
            }]);
        }

        using var response = await gateway.SendAsync(HttpMethod.Get, "/page/overview", RunningGateway.ReadToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();

        // HtmlEncoder writes '+' as &#x2B; (the browser shows "+01:00").
        Assert.Contains("<h2>Power failures, last 30 days (2)</h2>", html, StringComparison.Ordinal);
        var newer = html.IndexOf("<tr><td>m1</td><td>2026-11-20 07:50:00 &#x2B;01:00</td><td>2026-11-20 08:00:00 &#x2B;01:00</td><td>600 s</td></tr>", StringComparison.Ordinal);
        var older = html.IndexOf("<tr><td>m1</td><td>2026-11-10 10:53:20 &#x2B;01:00</td><td>2026-11-10 12:00:00 &#x2B;01:00</td><td>4000 s</td></tr>", StringComparison.Ordinal);
        Assert.True(newer > 0 && older > newer, html);
        Assert.DoesNotContain("2026-10-20", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_logged_failures_the_page_says_so()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var response = await gateway.SendAsync(HttpMethod.Get, "/page/overview", RunningGateway.ReadToken);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h2>Power failures, last 30 days (0)</h2><p>None logged.</p>", html, StringComparison.Ordinal);
    }
}
