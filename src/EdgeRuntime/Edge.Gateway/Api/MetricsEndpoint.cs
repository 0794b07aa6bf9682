using System.Text;
using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Edge.Runtime.Models;
using Edge.Runtime.Scoring;
using Edge.Runtime.Uplink;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Api;

/// <summary>GET /metrics (read role; Prometheus sends it with <c>authorization: { credentials: TOKEN }</c>).</summary>
internal static class MetricsEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", (
            [FromServices] GatewayMetrics metrics,
            [FromServices] MeterStatusBoard board,
            [FromServices] IModelProvider? models,
            [FromServices] FaultBoard faults,
            [FromServices] AlertStore alerts,
            [FromServices] ScoringStatus? scoring,
            [FromServices] ModelInstaller? delivery,
            [FromServices] UplinkService? uplink) =>
            TypedResults.Text(Render(metrics, board, models, faults, alerts, scoring, delivery?.Status, uplink?.Status), PrometheusTextWriter.ContentType))
        .RequireRole(ApiRole.Read);

    public static string Render(
        GatewayMetrics metrics, MeterStatusBoard board, IModelProvider? models, FaultBoard faults, AlertStore alerts, ScoringStatus? scoring, ModelStatus? delivery, UplinkStatus? uplink)
    {
        var manifest = models?.Active?.Manifest;
        var open = alerts.List(new AlertQuery { OpenOnly = true, Limit = int.MaxValue })
            .GroupBy(a => a.Kind)
            .ToDictionary(g => g.Key, g => g.Count());
        var text = new StringWriter(new StringBuilder(4096), System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        var now = faults.Snapshot();
        metrics.WriteTo(text, new MetricsInputs(board.Snapshot(), manifest?.ModelId, manifest?.Version, scoring?.Runs ?? 0, scoring?.ModelFailures ?? 0, now.Count, open)
        {
            Faults = now,
            ModelDelivery = delivery,
            Uplink = uplink,
            Process = ProcessSample.Capture(),
        });
        return text.ToString();
    }
}
