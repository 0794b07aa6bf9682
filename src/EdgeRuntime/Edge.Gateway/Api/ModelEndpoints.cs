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
/// file (application/octet-stream) or as JSON {"bundle": base64}; 200 with the <see cref="InstallOutcome"/> when it
/// was activated (or is the active bundle already), else the refusal's status (<see cref="RefusalStatus"/>) with
/// <see cref="InstallRefusal"/>. POST /api/models/rollback (admin): back to the kept previous bundle.
/// Rules: docs/model-delivery.md; statuses: docs/gateway-api.md.
/// </summary>
internal static class ModelEndpoints
{
    /// <summary>A whole bundle, base64-encoded inside JSON if need be, with room for the JSON around it.</summary>
    public const long MaxRequestBytes = (BundleContainer.MaxBundleBytes / 3 * 4) + 4096;

    /// <summary>
    /// The status of a refused install. 409 Conflict (RFC 9110 §15.5.10) when the bundle is sound but the gateway's
    /// state refuses it: a version not above the highest activated (anti-rollback) or a bundle rolled back for failing.
    /// 507 Insufficient Storage (RFC 4918 §11.5) when a sound bundle could not be stored. 422 Unprocessable Content
    /// (RFC 9110 §15.5.21) for a bundle that is itself unusable: format, signature, hashes, input spec, runtime
    /// version, test vectors.
    /// </summary>
    public static int RefusalStatus(string reason) => reason switch
    {
        ModelRejection.NotNewer or ModelRejection.PreviouslyRejected => StatusCodes.Status409Conflict,
        ModelRejection.StorageFailed => StatusCodes.Status507InsufficientStorage,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    private static IResult Refused(InstallOutcome outcome) => TypedResults.Json(
        new InstallRefusal($"bundle rejected ({outcome.Reason}): {outcome.Message}", outcome),
        ModelApiJson.Default.InstallRefusal,
        statusCode: RefusalStatus(outcome.Reason));

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
            if (!outcome.Activated && outcome.Reason != ModelRejection.AlreadyActive)
            {
                return Refused(outcome);
            }

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

/// <summary>A refused POST /api/models: the one sentence every API refusal carries, and the outcome as recorded.</summary>
public sealed record InstallRefusal(string Error, InstallOutcome Outcome);

/// <summary>POST /api/models as JSON: the bundle file's bytes (base64 in the JSON text).</summary>
public sealed record ModelInstallRequest(byte[] Bundle);

/// <summary>POST /api/models/rollback: why, for the record.</summary>
public sealed record ModelRollbackRequest(string? Reason);

/// <summary>The model endpoints' JSON, generated at compile time (NativeAOT); the CLI reads answers with it too.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ModelStatus))]
[JsonSerializable(typeof(InstallOutcome))]
[JsonSerializable(typeof(InstallRefusal))]
[JsonSerializable(typeof(RollbackRecord))]
[JsonSerializable(typeof(ModelInstallRequest))]
[JsonSerializable(typeof(ModelRollbackRequest))]
public sealed partial class ModelApiJson : JsonSerializerContext;
