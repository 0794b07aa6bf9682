using System.Net;
using Edge.Runtime.Scoring;

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
