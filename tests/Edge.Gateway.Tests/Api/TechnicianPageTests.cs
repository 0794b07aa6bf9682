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
    public async Task The_overview_lists_the_declared_replacements_with_their_note_encoded()
    {
        await using var gateway = await RunningGateway.StartAsync(new Edge.Runtime.Config.MeterConfig { Id = "m1", Protocol = Edge.Runtime.Config.MeterProtocolName.Dsmr });
        gateway.Replacements.Declare(new Edge.Runtime.Storage.ReplacementDeclaration("m1", RunningGateway.Start.AddHours(-2), 52_000, 12, "Ana", "seal <b>4711</b>"), RunningGateway.Start);

        using var response = await gateway.SendAsync(HttpMethod.Get, "/page/overview", RunningGateway.ReadToken);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<h2>Meter replacements (1)</h2>", html, StringComparison.Ordinal);
        // The encoder writes the offsets' '+' as a character reference, so the row is checked around them.
        Assert.Contains("<tr><td>m1</td><td>2026-11-24 04:00:00 ", html, StringComparison.Ordinal);
        Assert.Contains("</td><td>52000 Wh</td><td>12 Wh</td><td>Ana <small>2026-11-24 06:00:00 ", html, StringComparison.Ordinal);
        Assert.Contains("</small></td><td>seal &lt;b&gt;4711&lt;/b&gt;</td><td></td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_withdrawn_replacement_stays_on_the_overview_struck_through_with_who_withdrew_it_and_why()
    {
        await using var gateway = await RunningGateway.StartAsync(new Edge.Runtime.Config.MeterConfig { Id = "m1", Protocol = Edge.Runtime.Config.MeterProtocolName.Dsmr });
        var declared = gateway.Replacements.Declare(new Edge.Runtime.Storage.ReplacementDeclaration("m1", RunningGateway.Start.AddHours(-2), 52_000, 12, "Ana", null), RunningGateway.Start);
        gateway.Replacements.Declare(new Edge.Runtime.Storage.ReplacementDeclaration("m1", RunningGateway.Start.AddHours(-1), 9, 0, "Ana", null), RunningGateway.Start);
        gateway.Replacements.Withdraw(declared.Id, "Bo", "swap was on <m2>", RunningGateway.Start);

        using var response = await gateway.SendAsync(HttpMethod.Get, "/page/overview", RunningGateway.ReadToken);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<h2>Meter replacements (2, 1 withdrawn)</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td><del>m1</del></td><td><del>2026-11-24 04:00:00 ", html, StringComparison.Ordinal);
        Assert.Contains("<td><del>52000 Wh</del></td><td><del>12 Wh</del></td>", html, StringComparison.Ordinal);
        Assert.Contains("<td><b>withdrawn</b> by Bo <small>2026-11-24 06:00:00 ", html, StringComparison.Ordinal);
        Assert.Contains("</small>: swap was on &lt;m2&gt;</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>m1</td><td>2026-11-24 05:00:00 ", html, StringComparison.Ordinal); // the other one still applies
        Assert.Contains("</td><td>9 Wh</td><td>0 Wh</td>", html, StringComparison.Ordinal);
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
