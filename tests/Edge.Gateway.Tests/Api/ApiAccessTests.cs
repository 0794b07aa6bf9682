using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Edge.Gateway.Api;
using Edge.Runtime.Alerts;

namespace Edge.Gateway.Tests.Api;

/// <summary>Bad requests get the right status and change nothing; the admin can acknowledge, twice harmlessly.</summary>
public sealed class ApiAccessTests
{
    [Fact]
    public async Task Refused_requests_get_their_status_and_leave_the_alert_open()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var alert = gateway.Raise("m1", AlertKind.PulseRegisterMismatch, "S0 12.4 kWh vs register 3.1 kWh");
        var ack = $"/api/alerts/{alert.Id}/ack";

        var cases = new (string Why, HttpMethod Method, string Path, string? Token, HttpContent? Body, HttpStatusCode Expected)[]
        {
            ("no token", HttpMethod.Post, ack, null, Json("{}"), HttpStatusCode.Unauthorized),
            ("wrong token", HttpMethod.Post, ack, "not-a-token", Json("{}"), HttpStatusCode.Unauthorized),
            ("hash given as token", HttpMethod.Post, ack, RunningGateway.AdminSha256, Json("{}"), HttpStatusCode.Unauthorized),
            ("read token on admin route", HttpMethod.Post, ack, RunningGateway.ReadToken, Json("{}"), HttpStatusCode.Forbidden),
            ("oversized body", HttpMethod.Post, ack, RunningGateway.AdminToken, Json("{\"by\":\"" + new string('x', 70 * 1024) + "\"}"), HttpStatusCode.RequestEntityTooLarge),
            ("unknown route", HttpMethod.Post, $"/api/alerts/{alert.Id}/acknowledge", RunningGateway.AdminToken, Json("{}"), HttpStatusCode.NotFound),
            ("unknown route without token", HttpMethod.Get, "/api/nothing-here", null, null, HttpStatusCode.NotFound),
            ("wrong method", HttpMethod.Delete, $"/api/alerts/{alert.Id}", RunningGateway.AdminToken, null, HttpStatusCode.MethodNotAllowed),
            ("no token for reading", HttpMethod.Get, "/api/alerts", null, null, HttpStatusCode.Unauthorized),
            ("no token for metrics", HttpMethod.Get, "/metrics", null, null, HttpStatusCode.Unauthorized),
        };

        foreach (var c in cases)
        {
            using var response = await gateway.SendAsync(c.Method, c.Path, c.Token, c.Body);
            Assert.True(c.Expected == response.StatusCode, $"{c.Why}: expected {(int)c.Expected}, got {(int)response.StatusCode}");
            var stored = gateway.Alerts.Get(alert.Id)!;
            Assert.True(stored.IsOpen, $"{c.Why}: the alert was acknowledged");
            Assert.Null(stored.AcknowledgedBy);
        }
    }

    [Fact]
    public async Task Refusals_say_why_and_challenge_for_a_bearer_token()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var alert = gateway.Raise("m1", AlertKind.ReverseEnergy, "export 2.0 kWh on an import-only meter");

        using var missing = await gateway.SendAsync(HttpMethod.Get, "/api/status", null);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);

        using var forbidden = await gateway.SendAsync(HttpMethod.Post, $"/api/alerts/{alert.Id}/ack", RunningGateway.ReadToken, Json("{}"));
        var error = await forbidden.Content.ReadFromJsonAsync(ApiJson.Default.ApiError);
        Assert.Contains("admin", error!.Error, StringComparison.Ordinal);
        Assert.Contains("monitoring", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_without_declared_length_is_cut_at_the_limit()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var alert = gateway.Raise("m1", AlertKind.TamperBurst, "5 tamper events in 10 min");
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"by\":\"" + new string('y', 100 * 1024) + "\"}")));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{alert.Id}/ack") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new("Bearer", RunningGateway.AdminToken);

        using var response = await gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(gateway.Alerts.Get(alert.Id)!.IsOpen);
    }

    [Fact]
    public async Task The_admin_acknowledges_and_a_second_acknowledgement_keeps_the_first()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var alert = gateway.Raise("m1", AlertKind.ZeroWithVoltage, "0 kWh for 5 days at 230 V");
        var other = gateway.Raise("m2", AlertKind.TamperBurst, "4 tamper events");
        var firstAt = gateway.Time.GetUtcNow();

        using var first = await gateway.SendAsync(HttpMethod.Post, $"/api/alerts/{alert.Id}/ack", RunningGateway.AdminToken, Json("{\"by\":\"Ana\"}"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var acked = await first.Content.ReadFromJsonAsync(ApiJson.Default.Alert);
        Assert.Equal("Ana", acked!.AcknowledgedBy);
        Assert.Equal(firstAt, acked.AcknowledgedAt);

        gateway.Time.Advance(TimeSpan.FromMinutes(5));
        using var second = await gateway.SendAsync(HttpMethod.Post, $"/api/alerts/{alert.Id}/ack", RunningGateway.AdminToken, Json("{\"by\":\"Ben\"}"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var again = await second.Content.ReadFromJsonAsync(ApiJson.Default.Alert);
        Assert.Equal("Ana", again!.AcknowledgedBy);
        Assert.Equal(firstAt, again.AcknowledgedAt);

        // Without a name the token holder's configured name is recorded; the other alert was untouched until now.
        Assert.True(gateway.Alerts.Get(other.Id)!.IsOpen);
        using var unnamed = await gateway.SendAsync(HttpMethod.Post, $"/api/alerts/{other.Id}/ack", RunningGateway.AdminToken, Json("{}"));
        Assert.Equal("technician", gateway.Alerts.Get(other.Id)!.AcknowledgedBy);

        using var missing = await gateway.SendAsync(HttpMethod.Post, "/api/alerts/999/ack", RunningGateway.AdminToken, Json("{}"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Alerts_are_filtered_by_open_meter_and_limit()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var a = gateway.Raise("m1", AlertKind.TamperBurst, "a");
        gateway.Time.Advance(TimeSpan.FromMinutes(1));
        var b = gateway.Raise("m2", AlertKind.TamperBurst, "b");
        gateway.Time.Advance(TimeSpan.FromMinutes(1));
        var c = gateway.Raise("m1", AlertKind.ReverseEnergy, "c");
        gateway.Alerts.Acknowledge(c.Id, "Ana", gateway.Time.GetUtcNow());

        async Task<long[]> Ids(string query)
        {
            using var response = await gateway.SendAsync(HttpMethod.Get, "/api/alerts" + query, RunningGateway.ReadToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var alerts = await response.Content.ReadFromJsonAsync(ApiJson.Default.IReadOnlyListAlert);
            return [.. alerts!.Select(x => x.Id)];
        }

        Assert.Equal([c.Id, b.Id, a.Id], await Ids(""));
        Assert.Equal([b.Id, a.Id], await Ids("?open=true"));
        Assert.Equal([c.Id, a.Id], await Ids("?meter=m1"));
        Assert.Equal([a.Id], await Ids("?open=true&meter=m1"));
        Assert.Equal([c.Id], await Ids("?limit=1"));
        Assert.Equal([c.Id, b.Id], await Ids("?since=2026-11-24T06:01:00Z"));
        using var bad = await gateway.SendAsync(HttpMethod.Get, "/api/alerts?limit=0", RunningGateway.ReadToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
