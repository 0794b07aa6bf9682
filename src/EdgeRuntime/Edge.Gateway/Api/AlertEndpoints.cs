using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Api;

/// <summary>GET /api/alerts and /api/alerts/{id} (read role); POST /api/alerts/{id}/ack (admin role).</summary>
internal static class AlertEndpoints
{
    /// <summary>Most alerts one request returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Longest name an acknowledgement may carry.</summary>
    public const int MaxByLength = 100;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/alerts", ([FromServices] AlertStore alerts, bool? open, string? meter, DateTimeOffset? since, int? limit) =>
        {
            if (limit is < 1 or > MaxLimit)
            {
                return ApiProblem.Result(StatusCodes.Status400BadRequest, $"limit must be between 1 and {MaxLimit}, got {limit}");
            }

            var query = new AlertQuery { OpenOnly = open ?? false, MeterId = string.IsNullOrEmpty(meter) ? null : meter, Since = since, Limit = limit ?? 100 };
            return TypedResults.Json(alerts.List(query), ApiJson.Default.IReadOnlyListAlert);
        })
        .RequireRole(ApiRole.Read);

        api.MapGet("/alerts/{id:long}", ([FromServices] AlertStore alerts, long id) =>
            alerts.Get(id) is { } alert ? TypedResults.Json(alert, ApiJson.Default.Alert) : NoSuchAlert(id))
        .RequireRole(ApiRole.Read);

        api.MapPost("/alerts/{id:long}/ack", (HttpContext context, [FromServices] AlertStore alerts, [FromServices] TimeProvider time, long id, [FromBody] AckRequest? body) =>
        {
            var by = string.IsNullOrWhiteSpace(body?.By) ? ApiAccess.CallerOf(context)?.Name : body.By.Trim();
            if (string.IsNullOrWhiteSpace(by) || by.Length > MaxByLength || by.Any(char.IsControl))
            {
                return ApiProblem.Result(StatusCodes.Status400BadRequest, $"'by' must name who acknowledges, 1 to {MaxByLength} printable characters");
            }

            if (alerts.Get(id) is not { } alert)
            {
                return NoSuchAlert(id);
            }

            // Acknowledging twice is not an error and keeps the first acknowledgement (who and when): the technician
            // who saw it first is the one on record.
            if (alert.IsOpen)
            {
                alerts.Acknowledge(id, by, time.GetUtcNow());
            }

            return TypedResults.Json(alerts.Get(id)!, ApiJson.Default.Alert);
        })
        .RequireRole(ApiRole.Admin);
    }

    private static IResult NoSuchAlert(long id) => ApiProblem.Result(StatusCodes.Status404NotFound, $"no alert with id {id}");
}
