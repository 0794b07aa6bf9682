using Edge.Runtime.Config;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Api;

/// <summary>Endpoint metadata: the role a caller's token must grant.</summary>
public sealed record RequiredRole(ApiRole Role);

/// <summary>Endpoint metadata: the largest request body the endpoint accepts.</summary>
public sealed record BodyLimit(long Bytes) : IRequestSizeLimitMetadata
{
    long? IRequestSizeLimitMetadata.MaxRequestBodySize => Bytes;
}

/// <summary>
/// Checks every request against its endpoint's metadata before the handler runs, so a refused request changes
/// nothing: 401 without a known bearer token, 403 when the token's role is too low, 413 when the declared body is
/// larger than the endpoint accepts (and the server stops reading at that limit when no length is declared).
/// Requests that match no endpoint fall through to routing's 404.
/// </summary>
public static class ApiAccess
{
    /// <summary>Body limit of endpoints that declare none: room for any JSON request this API takes.</summary>
    public const long DefaultBodyLimit = 64 * 1024;

    /// <summary>The caller of the current request, set once its token was accepted.</summary>
    public static ApiCaller? CallerOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(typeof(ApiCaller), out var caller) ? caller as ApiCaller : null;
    }

    /// <summary>Only callers whose token grants <paramref name="role"/> (admin includes read) may call the endpoint.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, ApiRole role)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RequiredRole(role));

    /// <summary>The endpoint accepts bodies up to <paramref name="bytes"/> instead of <see cref="DefaultBodyLimit"/>.</summary>
    public static TBuilder LimitBody<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new BodyLimit(bytes));

    /// <summary>The middleware; runs after routing has chosen the endpoint.</summary>
    public static Func<HttpContext, RequestDelegate, Task> Middleware(ApiTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (endpoint is null)
            {
                return next(context);
            }

            if (endpoint.Metadata.GetMetadata<RequiredRole>() is { } required)
            {
                var caller = tokens.Identify(context.Request.Headers.Authorization);
                if (caller is null)
                {
                    // RFC 6750 §3: a request without valid credentials gets the challenge.
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    return ApiProblem.Write(context, StatusCodes.Status401Unauthorized, "missing or unknown API token (send Authorization: Bearer <token>)");
                }

                if (caller.Role < required.Role)
                {
                    return ApiProblem.Write(context, StatusCodes.Status403Forbidden, $"this needs a token with the {Name(required.Role)} role; the token of '{caller.Name}' has {Name(caller.Role)}");
                }

                context.Items[typeof(ApiCaller)] = caller;
            }

            long limit = endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? DefaultBodyLimit;
            if (context.Request.ContentLength > limit)
            {
                return ApiProblem.Write(context, StatusCodes.Status413PayloadTooLarge, $"request body of {context.Request.ContentLength} bytes is larger than the {limit} bytes this endpoint accepts");
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit;
            }

            return next(context);
        };
    }

    private static string Name(ApiRole role) => role == ApiRole.Admin ? "admin" : "read";
}
