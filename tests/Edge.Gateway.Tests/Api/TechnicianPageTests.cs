using System.Net;
using System.Text.RegularExpressions;
using Edge.Runtime.Alerts;
using Edge.Runtime.Config;

namespace Edge.Gateway.Tests.Api;

/// <summary>The page is self-contained, locked down by its CSP, and shows data only HTML-encoded.</summary>
public sealed partial class TechnicianPageTests
{
    private const string Hostile = "<script>alert(1)</script>";

    [Fact]
    public async Task The_document_needs_nothing_from_elsewhere_and_its_csp_allows_only_its_own_script()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var response = await gateway.SendAsync(HttpMethod.Get, "/", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(ExternalReference(), html);

        // The CSP names the inline script by its SHA-256 (CSP Level 3 hash-source), computed here independently.
        var script = ScriptBody().Match(html).Groups[1].Value;
        var hash = "sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script)));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"script-src '{hash}'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_meter_id_and_evidence_are_shown_as_text()
    {
        await using var gateway = await RunningGateway.StartAsync(new MeterConfig { Id = Hostile, Protocol = MeterProtocolName.Dsmr });
        gateway.Raise(Hostile, AlertKind.TamperBurst, "evidence <img src=x onerror=alert(2)> & \"quotes\"");
        gateway.Faults.Report("meter:" + Hostile, "<b>bad</b>");

        using var response = await gateway.SendAsync(HttpMethod.Get, "/page/overview", RunningGateway.ReadToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>bad", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quotes&quot;", html, StringComparison.Ordinal);
        // A read token sees no acknowledge button; an admin token does.
        Assert.DoesNotContain("data-ack", html, StringComparison.Ordinal);
        using var admin = await gateway.SendAsync(HttpMethod.Get, "/page/overview", RunningGateway.AdminToken);
        Assert.Contains("data-ack=\"1\"", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_overview_needs_a_token()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var response = await gateway.SendAsync(HttpMethod.Get, "/page/overview", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [GeneratedRegex(@"(src|href)\s*=|@import|url\(", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex(@"<script>(.*)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptBody();
}
