using System.Net;
using System.Net.Http.Json;
using System.Text;
using Edge.Gateway.Api;
using Edge.Runtime.Config;

namespace Edge.Gateway.Tests.Api;

/// <summary>POST and GET /api/replacements: the admin declares, a read token only reads, bad bodies say which field.</summary>
public sealed class ReplacementApiTests
{
    private const string Good = """{"meterId":"m1","at":"2026-11-24T05:30:00+01:00","oldFinalWh":52000,"newInitialWh":0,"note":"display cracked"}""";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static Task<RunningGateway> StartAsync() => RunningGateway.StartAsync(
        new MeterConfig { Id = "m1", Protocol = MeterProtocolName.Dsmr },
        new MeterConfig { Id = "m2", Protocol = MeterProtocolName.S0 });

    [Fact]
    public async Task The_admin_declares_a_replacement_and_a_read_token_lists_it()
    {
        await using var gateway = await StartAsync();

        using var posted = await gateway.SendAsync(HttpMethod.Post, "/api/replacements", RunningGateway.AdminToken, Json(Good));

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var stored = await posted.Content.ReadFromJsonAsync(ApiJson.Default.DeclaredReplacement);
        Assert.NotNull(stored);
        Assert.Equal(("m1", 52_000L, 0L, "display cracked"), (stored.MeterId, stored.OldFinalWh, stored.NewInitialWh, stored.Note));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 5, 30, 0, TimeSpan.FromHours(1)), stored.At);
        Assert.Equal("technician", stored.DeclaredBy); // the admin token's configured name
        Assert.Equal(RunningGateway.Start, stored.DeclaredAt);
        Assert.Equal([stored], gateway.Replacements.List());

        using var all = await gateway.SendAsync(HttpMethod.Get, "/api/replacements", RunningGateway.ReadToken);
        Assert.Equal([stored], await all.Content.ReadFromJsonAsync(ApiJson.Default.IReadOnlyListDeclaredReplacement));
        using var ofM2 = await gateway.SendAsync(HttpMethod.Get, "/api/replacements?meter=m2", RunningGateway.ReadToken);
        Assert.Empty((await ofM2.Content.ReadFromJsonAsync(ApiJson.Default.IReadOnlyListDeclaredReplacement))!);
        using var ofNobody = await gateway.SendAsync(HttpMethod.Get, "/api/replacements?meter=m9", RunningGateway.ReadToken);
        Assert.Equal(HttpStatusCode.NotFound, ofNobody.StatusCode);
    }

    [Fact]
    public async Task Refused_declarations_get_their_status_name_the_field_and_store_nothing()
    {
        await using var gateway = await StartAsync();

        // The gateway's clock reads 2026-11-24 06:00 UTC (RunningGateway.Start).
        var cases = new (string Why, string? Token, string Body, HttpStatusCode Expected, string ErrorStart)[]
        {
            ("read token", RunningGateway.ReadToken, Good, HttpStatusCode.Forbidden, "this needs a token with the admin role"),
            ("no token", null, Good, HttpStatusCode.Unauthorized, "missing or unknown API token"),
            ("not JSON", RunningGateway.AdminToken, "meter m1 swapped", HttpStatusCode.BadRequest, "request body:"),
            ("register as text", RunningGateway.AdminToken, Good.Replace("52000", "\"52 kWh\"", StringComparison.Ordinal), HttpStatusCode.BadRequest, "oldFinalWh:"),
            ("misnamed field", RunningGateway.AdminToken, Good.Replace("newInitialWh", "newInitialKwh", StringComparison.Ordinal), HttpStatusCode.BadRequest, "newInitialKwh:"),
            ("missing time", RunningGateway.AdminToken, Good.Replace("\"at\":\"2026-11-24T05:30:00+01:00\",", "", StringComparison.Ordinal), HttpStatusCode.BadRequest, "at: missing"),
            ("time without offset", RunningGateway.AdminToken, Good.Replace("+01:00", "", StringComparison.Ordinal), HttpStatusCode.BadRequest, "at: '2026-11-24T05:30:00' is not an ISO 8601 time with a UTC offset"),
            ("time in the future", RunningGateway.AdminToken, Good.Replace("05:30:00+01:00", "07:30:00+01:00", StringComparison.Ordinal), HttpStatusCode.BadRequest, "at: the swap time 2026-11-24 07:30:00 +01:00 is after the gateway's clock"),
            ("negative register", RunningGateway.AdminToken, Good.Replace("52000", "-1", StringComparison.Ordinal), HttpStatusCode.BadRequest, "oldFinalWh: the old meter's final register must be at least 0 Wh, got -1"),
            ("missing register", RunningGateway.AdminToken, Good.Replace("\"newInitialWh\":0,", "", StringComparison.Ordinal), HttpStatusCode.BadRequest, "newInitialWh: missing"),
            ("unknown meter", RunningGateway.AdminToken, Good.Replace("\"m1\"", "\"m9\"", StringComparison.Ordinal), HttpStatusCode.NotFound, "meterId: 'm9' is not a meter of this gateway's configuration"),
        };

        foreach (var c in cases)
        {
            using var response = await gateway.SendAsync(HttpMethod.Post, "/api/replacements", c.Token, Json(c.Body));
            Assert.True(c.Expected == response.StatusCode, $"{c.Why}: expected {(int)c.Expected}, got {(int)response.StatusCode}");
            var error = await response.Content.ReadFromJsonAsync(ApiJson.Default.ApiError);
            Assert.True(error!.Error.StartsWith(c.ErrorStart, StringComparison.Ordinal), $"{c.Why}: {error.Error}");
            Assert.Empty(gateway.Replacements.List());
        }
    }

    [Fact]
    public async Task The_same_swap_declared_twice_is_a_conflict_and_the_first_stays()
    {
        await using var gateway = await StartAsync();
        using var first = await gateway.SendAsync(HttpMethod.Post, "/api/replacements", RunningGateway.AdminToken, Json(Good));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var again = await gateway.SendAsync(HttpMethod.Post, "/api/replacements", RunningGateway.AdminToken, Json(Good.Replace("52000", "53000", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var error = await again.Content.ReadFromJsonAsync(ApiJson.Default.ApiError);
        Assert.Contains("already has a replacement declared at 2026-11-24 05:30:00.000 +01:00", error!.Error, StringComparison.Ordinal);
        Assert.Equal(52_000, Assert.Single(gateway.Replacements.List()).OldFinalWh);
    }

    private static Edge.Runtime.Storage.DeclaredReplacement Declared(RunningGateway gateway) =>
        gateway.Replacements.Declare(new Edge.Runtime.Storage.ReplacementDeclaration("m1", RunningGateway.Start.AddHours(-2), 52_000, 0, "Ana", null), RunningGateway.Start);

    [Fact]
    public async Task The_admin_withdraws_a_replacement_which_stays_listed_marked_withdrawn()
    {
        await using var gateway = await StartAsync();
        var declared = Declared(gateway);
        var other = gateway.Replacements.Declare(new Edge.Runtime.Storage.ReplacementDeclaration("m2", RunningGateway.Start.AddHours(-1), 700, 0, "Ana", null), RunningGateway.Start);
        gateway.Time.Advance(TimeSpan.FromMinutes(10));

        using var response = await gateway.SendAsync(HttpMethod.Delete, $"/api/replacements/{declared.Id}", RunningGateway.AdminToken, Json("""{"reason":"wrong meter"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"withdrawnAt\":\"2026-11-24T06:10:00+00:00\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var withdrawn = declared with { WithdrawnAt = RunningGateway.Start.AddMinutes(10), WithdrawnBy = "technician", WithdrawnReason = "wrong meter" };
        using var listed = await gateway.SendAsync(HttpMethod.Get, "/api/replacements", RunningGateway.ReadToken);
        Assert.Equal([withdrawn, other], await listed.Content.ReadFromJsonAsync(ApiJson.Default.IReadOnlyListDeclaredReplacement));

        // Without a body: the token holder withdraws, no reason given.
        using var bare = await gateway.SendAsync(HttpMethod.Delete, $"/api/replacements/{other.Id}", RunningGateway.AdminToken);
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
        Assert.Equal(other with { WithdrawnAt = RunningGateway.Start.AddMinutes(10), WithdrawnBy = "technician" }, gateway.Replacements.List("m2").Single());
        Assert.Empty(gateway.Replacements.Replacements());
    }

    [Fact]
    public async Task Refused_withdrawals_get_their_status_and_change_nothing()
    {
        await using var gateway = await StartAsync();
        var declared = Declared(gateway);
        gateway.Replacements.MarkRecomputed(declared.Id);
        var path = $"/api/replacements/{declared.Id}";

        var cases = new (string Why, string? Token, string Path, string? Body, HttpStatusCode Expected, string? ErrorStart)[]
        {
            ("read token", RunningGateway.ReadToken, path, null, HttpStatusCode.Forbidden, "this needs a token with the admin role"),
            ("no token", null, path, null, HttpStatusCode.Unauthorized, "missing or unknown API token"),
            ("unknown id", RunningGateway.AdminToken, "/api/replacements/99", null, HttpStatusCode.NotFound, "id: no meter replacement with id 99"),
            ("not an id", RunningGateway.AdminToken, "/api/replacements/m1", null, HttpStatusCode.NotFound, null),
            ("not JSON", RunningGateway.AdminToken, path, "wrong meter", HttpStatusCode.BadRequest, "request body:"),
            ("unknown field", RunningGateway.AdminToken, path, """{"note":"wrong meter"}""", HttpStatusCode.BadRequest, "note: not a valid value for this field, or not a field of a withdrawal (fields: by, reason)"),
            ("reason too long", RunningGateway.AdminToken, path, $$"""{"reason":"{{new string('x', 501)}}"}""", HttpStatusCode.BadRequest, "reason: must be at most 500 characters"),
        };

        foreach (var c in cases)
        {
            using var response = await gateway.SendAsync(HttpMethod.Delete, c.Path, c.Token, c.Body is null ? null : Json(c.Body));
            Assert.True(c.Expected == response.StatusCode, $"{c.Why}: expected {(int)c.Expected}, got {(int)response.StatusCode}");
            if (c.ErrorStart is not null)
            {
                var error = await response.Content.ReadFromJsonAsync(ApiJson.Default.ApiError);
                Assert.True(error!.Error.StartsWith(c.ErrorStart, StringComparison.Ordinal), $"{c.Why}: {error.Error}");
            }

            Assert.Equal([declared], gateway.Replacements.List());
            Assert.Empty(gateway.Replacements.AwaitingRecompute());
        }

        using var first = await gateway.SendAsync(HttpMethod.Delete, path, RunningGateway.AdminToken, Json("""{"by":"Bo"}"""));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var withdrawn = Assert.Single(gateway.Replacements.List());

        using var again = await gateway.SendAsync(HttpMethod.Delete, path, RunningGateway.AdminToken, Json("""{"by":"Cy","reason":"again"}"""));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var conflict = await again.Content.ReadFromJsonAsync(ApiJson.Default.ApiError);
        Assert.Equal($"id: replacement {declared.Id} of meter m1 was already withdrawn at 2026-11-24 06:00:00 +00:00 by Bo", conflict!.Error);
        Assert.Equal([withdrawn], gateway.Replacements.List());
    }
}
