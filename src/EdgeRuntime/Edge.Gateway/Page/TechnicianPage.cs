using System.Security.Cryptography;
using System.Text;
using Edge.Gateway.Api;
using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Edge.Runtime.Models;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Edge.Runtime.Uplink;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Page;

/// <summary>
/// The page a technician opens on a phone next to the cabinet: GET / is one self-contained document (no external
/// asset, so it works without internet) that asks once for the token, keeps it in sessionStorage, and loads
/// GET /page/overview with it. The overview is rendered here, on the server, with every piece of data HTML-encoded
/// (<see cref="OverviewHtml"/>), so escaping lives in one place that tests can read.
/// </summary>
internal static class TechnicianPage
{
    // The Content-Security-Policy allows exactly this script and this style (by hash, CSP Level 3 §8.3), nothing from
    // elsewhere, and no inline event handlers: data that slipped through unescaped still could not run.
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; script-src '{Hash(PageAssets.Script)}'; style-src '{Hash(PageAssets.Style)}'; " +
        "connect-src 'self'; img-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Days of power-failure log the overview lists: a month tells a pattern from a one-off cut.</summary>
    public const int PowerFailureDays = 30;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) =>
        {
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.Text(PageAssets.Document, "text/html; charset=utf-8");
        })
        .OpenWithoutToken("the page's shell: the same fixed document for everyone, no data; it asks for the token and loads /page/overview with it");

        app.MapGet("/page/overview", (
            HttpContext context,
            [FromServices] GatewayIdentity identity,
            [FromServices] TimeProvider time,
            [FromServices] IModelProvider? models,
            [FromServices] FaultBoard faults,
            [FromServices] AlertStore alerts,
            [FromServices] GatewayConfig config,
            [FromServices] MeterStatusBoard board,
            [FromServices] MeterReplacementStore replacements,
            [FromServices] ReadingQueries readings,
            [FromServices] ModelInstaller? delivery,
            [FromServices] UplinkService? uplink) =>
        {
            var meters = MeterViews.Build(config, board, faults);
            var deliveryStatus = delivery?.Status;
            var status = StatusEndpoints.Read(identity, time, models, faults, alerts, meters, deliveryStatus, uplink?.Status, config.Storage);
            var open = alerts.List(new AlertQuery { OpenOnly = true, Limit = AlertEndpoints.MaxLimit });
            var now = time.GetUtcNow();
            var failures = readings.PowerFailures(now.AddDays(-PowerFailureDays), now.AddTicks(1));
            bool admin = ApiAccess.CallerOf(context)?.Role == ApiRole.Admin;
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.Text(OverviewHtml.Render(status, open, meters, replacements.List(), failures, admin, deliveryStatus), "text/html; charset=utf-8");
        })
        .RequireRole(ApiRole.Read);
    }

    private static string Hash(string inlineContent) =>
        "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inlineContent)));
}
