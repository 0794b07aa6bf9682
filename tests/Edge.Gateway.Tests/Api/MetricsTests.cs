using System.Net;
using Edge.Runtime.Alerts;

namespace Edge.Gateway.Tests.Api;

/// <summary>/metrics parses as text format 0.0.4 and its numbers are the gateway's state.</summary>
public sealed class MetricsTests
{
    private const string OddMeter = "we\"ird\\meter\nid";

    [Fact]
    public async Task Metrics_parse_and_count_the_state()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var t = RunningGateway.Start;
        var m1 = gateway.Meters.For("m1", "dsmr");
        var m2 = gateway.Meters.For("m2", "s0");
        var odd = gateway.Meters.For(OddMeter, "dsmr");
        foreach (var (meter, stored) in new[] { (m1, 3), (m2, 1), (odd, 1) })
        {
            for (int i = 0; i < stored; i++)
            {
                meter.Received();
                meter.Stored(t.AddSeconds(i));
            }
        }

        m1.Received(); // on its way to the store, not yet stored
        m1.SetRejects([KeyValuePair.Create("BadCrc", 3L), KeyValuePair.Create("Garbage", 1L)]);

        gateway.Metrics.RecordScoringRun(TimeSpan.FromMilliseconds(20));
        gateway.Metrics.RecordScoringRun(TimeSpan.FromSeconds(3));

        gateway.Models.Active = FakeModelProvider.Model("gateway-theft", 3);
        gateway.Faults.Report("meter:m2", "no frame for 120 s");
        gateway.Faults.Report("storage", "disk full");
        gateway.Raise("m1", AlertKind.TamperBurst, "5 tamper events");
        gateway.Raise("m2", AlertKind.TamperBurst, "4 tamper events");
        gateway.Raise("m1", AlertKind.ModelScore, "score 0.91", score: 0.91f);
        var acked = gateway.Raise("m2", AlertKind.ReverseEnergy, "export 1 kWh");
        gateway.Alerts.Acknowledge(acked.Id, "Ana", gateway.Time.GetUtcNow());

        using var response = await gateway.SendAsync(HttpMethod.Get, "/metrics", RunningGateway.ReadToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var (samples, types) = PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());

        double One(string name, params (string Label, string Value)[] labels) =>
            samples.Single(s => s.Name == name && labels.All(l => s.Label(l.Label) == l.Value)).Value;

        Assert.Equal("counter", types["edge_readings_stored_total"]);
        Assert.Equal(4, One("edge_readings_received_total", ("meter", "m1")));
        Assert.Equal(3, One("edge_readings_stored_total", ("meter", "m1")));
        Assert.Equal(1, One("edge_readings_stored_total", ("meter", "m2")));
        Assert.Equal(1, One("edge_readings_stored_total", ("meter", OddMeter)));

        Assert.Equal(3, One("edge_frames_rejected_total", ("meter", "m1"), ("reason", "bad_crc")));
        Assert.Equal(1, One("edge_frames_rejected_total", ("meter", "m1"), ("reason", "garbage")));
        Assert.DoesNotContain(samples, s => s.Name == "edge_frames_rejected_total" && s.Label("meter") == "m2");

        // 20 ms falls in every bucket from 0.025 s up; 3 s only from 5 s up.
        Assert.Equal("histogram", types["edge_scoring_duration_seconds"]);
        Assert.Equal(0, One("edge_scoring_duration_seconds_bucket", ("le", "0.01")));
        Assert.Equal(1, One("edge_scoring_duration_seconds_bucket", ("le", "0.025")));
        Assert.Equal(1, One("edge_scoring_duration_seconds_bucket", ("le", "2.5")));
        Assert.Equal(2, One("edge_scoring_duration_seconds_bucket", ("le", "5")));
        Assert.Equal(2, One("edge_scoring_duration_seconds_bucket", ("le", "+Inf")));
        Assert.Equal(2, One("edge_scoring_duration_seconds_count"));
        Assert.Equal(3.02, One("edge_scoring_duration_seconds_sum"), 9);

        Assert.Equal(1, One("edge_model_info", ("model_id", "gateway-theft"), ("version", "3")));
        Assert.Equal(2, One("edge_faults_active"));
        Assert.Equal(2, One("edge_alerts_open", ("kind", "tamper_burst")));
        Assert.Equal(1, One("edge_alerts_open", ("kind", "model_score")));
        Assert.Equal(0, One("edge_alerts_open", ("kind", "reverse_energy")));
        Assert.Equal(Enum.GetValues<AlertKind>().Length, samples.Count(s => s.Name == "edge_alerts_open"));

        // Every (name, label set) appears once.
        var keys = samples.Select(s => s.Name + "|" + string.Join(",", s.Labels.Select(l => l.Key + "=" + l.Value))).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Without_a_model_the_info_family_has_no_sample()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var response = await gateway.SendAsync(HttpMethod.Get, "/metrics", RunningGateway.AdminToken);
        var (samples, types) = PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("gauge", types["edge_model_info"]);
        Assert.DoesNotContain(samples, s => s.Name == "edge_model_info");
        Assert.Equal(0, samples.Single(s => s.Name == "edge_faults_active").Value);
    }

    [Fact]
    public async Task Process_and_runtime_families_are_exported_with_their_types()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var response = await gateway.SendAsync(HttpMethod.Get, "/metrics", RunningGateway.ReadToken);
        var (samples, types) = PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());
        long statusRss = 1024 * long.Parse(
            File.ReadLines("/proc/self/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture);

        double One(string name, params (string Label, string Value)[] labels) =>
            samples.Single(s => s.Name == name && labels.All(l => s.Label(l.Label) == l.Value)).Value;

        Assert.Equal("counter", types["process_cpu_seconds_total"]);
        Assert.Equal("gauge", types["process_resident_memory_bytes"]);
        Assert.Equal("gauge", types["process_threads"]);
        Assert.Equal("gauge", types["dotnet_gc_heap_size_bytes"]);
        Assert.Equal("gauge", types["dotnet_gc_committed_bytes"]);
        Assert.Equal("counter", types["dotnet_gc_collections_total"]);
        Assert.Equal("gauge", types["dotnet_threadpool_threads"]);

        // The gateway runs in this process: its resident size is this process's, give or take what moved meanwhile.
        Assert.InRange(One("process_resident_memory_bytes"), statusRss / 2.0, statusRss * 2.0);
        Assert.True(One("process_cpu_seconds_total") > 0, "CPU time");
        Assert.True(One("process_threads") >= 2, "threads");
        Assert.True(One("dotnet_total_memory_bytes") > 0, "managed heap");
        Assert.True(One("dotnet_gc_committed_bytes") >= 0, "committed (0 before the first GC)");
        Assert.Equal(["0", "1", "2"], samples.Where(s => s.Name == "dotnet_gc_collections_total").Select(s => s.Label("generation")));
        Assert.True(One("dotnet_gc_collections_total", ("generation", "0")) >= One("dotnet_gc_collections_total", ("generation", "2")));
        Assert.Equal(["0", "1", "2", "loh", "poh"], samples.Where(s => s.Name == "dotnet_gc_generation_size_bytes").Select(s => s.Label("generation")));
    }

    [Fact]
    public void The_parser_rejects_what_the_format_forbids()
    {
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("x 1\n"));
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("# TYPE 1x gauge\n1x 1\n"));
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("# TYPE x gauge\nx{a-b=\"1\"} 1\n"));
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("# TYPE x gauge\nx 1\n# HELP x late\n"));
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("# TYPE x gauge\nx one\n"));
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("# TYPE x gauge\nx 1"));
        var (samples, _) = PrometheusTextParser.Parse("# HELP x h\n# TYPE x gauge\nx{a=\"q\\\"\\\\\\n\"} +Inf\n");
        Assert.Equal("q\"\\\n", samples[0].Label("a"));
    }
}
