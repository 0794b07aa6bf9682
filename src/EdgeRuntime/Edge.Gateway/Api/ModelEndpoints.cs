using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.ModelContract.Bundles;
using Edge.Runtime.Config;
using Edge.Runtime.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Api;

/// <summary>
/// GET /api/models (read role): model delivery's status. POST /api/models (admin): install a bundle, sent as the raw
/// file (application/octet-stream) or as JSON {"bundle": base64}; the answer is the <see cref="InstallOutcome"/> with
/// 200 whether it was activated or refused (the request worked; "activated", "reason" and "message" say what became
/// of the bundle). POST
/// /api/models/rollback (admin): back to the kept previous bundle. Rules: docs/model-delivery.md.
/// </summary>
internal static class ModelEndpoints
{
    /// <summary>A whole bundle, base64-encoded inside JSON if need be, with room for the JSON around it.</summary>
    public const long MaxRequestBytes = (BundleContainer.MaxBundleBytes / 3 * 4) + 4096;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/models", ([FromServices] ModelInstaller installer) => TypedResults.Json(installer.Status, ModelApiJson.Default.ModelStatus))
            .RequireRole(ApiRole.Read);

        api.MapPost("/models", async (HttpContext context, [FromServices] ModelInstaller installer, CancellationToken cancel) =>
        {
            byte[] bundle;
            if (context.Request.HasJsonContentType())
            {
                var request = await context.Request.ReadFromJsonAsync(ModelApiJson.Default.ModelInstallRequest, cancel).ConfigureAwait(false);
                bundle = request?.Bundle ?? [];
            }
            else
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body, cancel).ConfigureAwait(false);
                bundle = body.ToArray();
            }

            var outcome = await installer.InstallAsync(bundle, "api", cancel).ConfigureAwait(false);
            return TypedResults.Json(outcome, ModelApiJson.Default.InstallOutcome);
        })
        .RequireRole(ApiRole.Admin)
        .LimitBody(MaxRequestBytes);

        api.MapPost("/models/rollback", async ([FromServices] ModelInstaller installer, [FromBody] ModelRollbackRequest? body, CancellationToken cancel) =>
        {
            try
            {
                var record = await installer.RollbackAsync(string.IsNullOrWhiteSpace(body?.Reason) ? "operator rollback (API)" : body.Reason.Trim(), cancel).ConfigureAwait(false);
                return TypedResults.Json(record, ModelApiJson.Default.RollbackRecord);
            }
            catch (InvalidOperationException e)
            {
                return ApiProblem.Result(StatusCodes.Status409Conflict, e.Message);
            }
            catch (ModelRejectedException e)
            {
                return ApiProblem.Result(StatusCodes.Status409Conflict, $"the previous bundle cannot be used ({e.Reason}): {e.Message}");
            }
        })
        .RequireRole(ApiRole.Admin);
    }
}

/// <summary>POST /api/models as JSON: the bundle file's bytes (base64 in the JSON text).</summary>
public sealed record ModelInstallRequest(byte[] Bundle);

/// <summary>POST /api/models/rollback: why, for the record.</summary>
public sealed record ModelRollbackRequest(string? Reason);

/// <summary>The model endpoints' JSON, generated at compile time (NativeAOT); the CLI reads answers with it too.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ModelStatus))]
[JsonSerializable(typeof(InstallOutcome))]
[JsonSerializable(typeof(RollbackRecord))]
[JsonSerializable(typeof(ModelInstallRequest))]
[JsonSerializable(typeof(ModelRollbackRequest))]
public sealed partial class ModelApiJson : JsonSerializerContext;
