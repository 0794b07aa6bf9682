using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Runtime.Config;
using Edge.Runtime.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Api;

/// <summary>
/// GET /api/replacements[?meter=ID] (read role): the declared meter replacements, withdrawn ones included. POST
/// /api/replacements (admin): declare one (201 with it as stored). Refusals: 400 naming the field, 404 for a meter not in
/// the config, 409 for a swap of the same meter at the same instant already declared. DELETE /api/replacements/{id}
/// (admin): withdraw one declared by mistake (200 with it as stored, marked withdrawn); 404 for an unknown id, 409 when
/// already withdrawn. Rules: docs/gateway-storage.md, "Meter replacements".
/// </summary>
internal static class ReplacementEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/replacements", ([FromServices] MeterReplacementStore replacements, [FromServices] GatewayConfig config, string? meter) =>
            string.IsNullOrEmpty(meter) || config.Meters.Any(m => m.Id == meter)
                ? TypedResults.Json(replacements.List(string.IsNullOrEmpty(meter) ? null : meter), ApiJson.Default.IReadOnlyListDeclaredReplacement)
                : UnknownMeter(meter))
        .RequireRole(ApiRole.Read);

        api.MapPost("/replacements", async (HttpContext context, [FromServices] MeterReplacementStore replacements, [FromServices] TimeProvider time, CancellationToken cancel) =>
        {
            ReplacementRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync(context.Request.Body, ApiJson.Default.ReplacementRequest, cancel).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                return ApiProblem.Result(StatusCodes.Status400BadRequest, Unreadable(e, "a replacement", "meterId, at, oldFinalWh, newInitialWh, by, note"));
            }
            catch (BadHttpRequestException e)
            {
                return ApiProblem.Result(e.StatusCode, $"request body: {e.Message}");
            }

            var (declaration, problem) = Declaration(request, ApiAccess.CallerOf(context)?.Name);
            if (declaration is null)
            {
                return ApiProblem.Result(StatusCodes.Status400BadRequest, problem!);
            }

            try
            {
                var stored = replacements.Declare(declaration, time.GetUtcNow());
                return TypedResults.Json(stored, ApiJson.Default.DeclaredReplacement, statusCode: StatusCodes.Status201Created);
            }
            catch (ReplacementRejectedException e)
            {
                return Refused(e);
            }
        })
        .RequireRole(ApiRole.Admin);

        api.MapDelete("/replacements/{id:long}", async (HttpContext context, [FromServices] MeterReplacementStore replacements, [FromServices] TimeProvider time, long id, CancellationToken cancel) =>
        {
            // The body is optional: {"by"?, "reason"?}; without it the withdrawal is the token holder's, with no reason.
            WithdrawalRequest? request = null;
            try
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body, cancel).ConfigureAwait(false);
                if (body.Length > 0)
                {
                    request = JsonSerializer.Deserialize(body.GetBuffer().AsSpan(0, (int)body.Length), ApiJson.Default.WithdrawalRequest);
                }
            }
            catch (JsonException e)
            {
                return ApiProblem.Result(StatusCodes.Status400BadRequest, Unreadable(e, "a withdrawal", "by, reason"));
            }
            catch (BadHttpRequestException e)
            {
                return ApiProblem.Result(e.StatusCode, $"request body: {e.Message}");
            }

            var by = string.IsNullOrWhiteSpace(request?.By) ? ApiAccess.CallerOf(context)?.Name : request.By.Trim();
            try
            {
                var withdrawn = replacements.Withdraw(id, by ?? string.Empty, request?.Reason, time.GetUtcNow());
                return TypedResults.Json(withdrawn, ApiJson.Default.DeclaredReplacement);
            }
            catch (ReplacementRejectedException e)
            {
                return Refused(e);
            }
        })
        .RequireRole(ApiRole.Admin);
    }

    private static IResult Refused(ReplacementRejectedException e)
    {
        var status = e.Reason switch
        {
            ReplacementRejection.UnknownMeter or ReplacementRejection.NotFound => StatusCodes.Status404NotFound,
            ReplacementRejection.Duplicate or ReplacementRejection.AlreadyWithdrawn => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return ApiProblem.Result(status, e.Message);
    }

    /// <summary>The request as a declaration, or the first missing or unreadable field as "field: why".</summary>
    private static (ReplacementDeclaration? Declaration, string? Problem) Declaration(ReplacementRequest? request, string? caller)
    {
        if (request is null)
        {
            return (null, "request body: expected a JSON object {\"meterId\", \"at\", \"oldFinalWh\", \"newInitialWh\", \"by\"?, \"note\"?}");
        }

        if (string.IsNullOrWhiteSpace(request.MeterId))
        {
            return (null, "meterId: missing; the id of the meter that was replaced, as in the config");
        }

        if (request.At is null)
        {
            return (null, "at: missing; the instant of the swap, e.g. 2026-11-23T10:30:00+01:00");
        }

        if (!ReplacementDeclaration.TryParseInstant(request.At, out var at))
        {
            return (null, $"at: '{request.At}' is not an ISO 8601 time with a UTC offset or Z, e.g. 2026-11-23T10:30:00+01:00");
        }

        if (request.OldFinalWh is not { } oldFinal)
        {
            return (null, "oldFinalWh: missing; the old meter's import register (Wh) when it was taken out");
        }

        if (request.NewInitialWh is not { } newInitial)
        {
            return (null, "newInitialWh: missing; the new meter's import register (Wh) when it went in");
        }

        var by = string.IsNullOrWhiteSpace(request.By) ? caller : request.By.Trim();
        return (new ReplacementDeclaration(request.MeterId.Trim(), at, oldFinal, newInitial, by ?? string.Empty, request.Note), null);
    }

    /// <summary>A body that is not the request's JSON: the field the reader stopped at, from the JSON path.</summary>
    private static string Unreadable(JsonException e, string what, string fields)
    {
        var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        return field is null
            ? $"request body: not the JSON object of {what} ({e.Message})"
            : $"{field}: not a valid value for this field, or not a field of {what} (fields: {fields})";
    }

    private static IResult UnknownMeter(string meter) => ApiProblem.Result(StatusCodes.Status404NotFound, $"meter: '{meter}' is not a meter of this gateway's configuration");
}

/// <summary>
/// POST /api/replacements body. Every field is optional here so that a missing one is reported by name; "by" defaults
/// to the token holder's configured name. Unknown fields are refused (a misnamed "oldFinalKwh" must not pass as an absent "oldFinalWh").
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReplacementRequest
{
    public string? MeterId { get; init; }

    /// <summary>ISO 8601 with a UTC offset or Z.</summary>
    public string? At { get; init; }

    public long? OldFinalWh { get; init; }

    public long? NewInitialWh { get; init; }

    public string? By { get; init; }

    public string? Note { get; init; }
}

/// <summary>DELETE /api/replacements/{id} body, optional: who withdraws (default: the token holder's configured name) and why.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WithdrawalRequest
{
    public string? By { get; init; }

    public string? Reason { get; init; }
}
