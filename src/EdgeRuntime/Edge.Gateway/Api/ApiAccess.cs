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

/// <summary>Endpoint metadata: anyone may call the endpoint, without a token; <paramref name="Why"/> says why that is safe.</summary>
public sealed record OpenWithoutToken(string Why);

/// <summary>Endpoint metadata: the largest request body the endpoint accepts.</summary>
public sealed record BodyLimit(long Bytes) : IRequestSizeLimitMetadata
{
    long? IRequestSizeLimitMetadata.MaxRequestBodySize => Bytes;
}

/// <summary>
/// Checks every request against its endpoint's metadata before the handler runs, so a refused request changes
/// nothing: 401 without a known bearer token, 403 when the token's role is too low, 413 when the declared body is
/// larger than the endpoint accepts (and the server stops reading at that limit when no length is declared).
/// Deny by default: a mapped route that declares neither a role nor <see cref="OpenWithoutToken"/> needs the admin
/// role, so a route added without thought is never public. Requests that match no route fall through to routing's
/// 404 (and a wrong method to its 405, an endpoint routing makes up and that runs no handler of ours).
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

    /// <summary>Anyone may call the endpoint without a token; say why in <paramref name="why"/> (it holds no data, ...).</summary>
    public static TBuilder OpenWithoutToken<TBuilder>(this TBuilder builder, string why)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new OpenWithoutToken(why));

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

            if (RoleFor(endpoint) is { } required)
            {
                var caller = tokens.Identify(context.Request.Headers.Authorization);
                if (caller is null)
                {
                    // RFC 6750 §3: a request without valid credentials gets the challenge.
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    return ApiProblem.Write(context, StatusCodes.Status401Unauthorized, "missing or unknown API token (send Authorization: Bearer <token>)");
                }

                if (caller.Role < required)
                {
                    return ApiProblem.Write(context, StatusCodes.Status403Forbidden, $"this needs a token with the {Name(required)} role; the token of '{caller.Name}' has {Name(caller.Role)}");
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

    /// <summary>The role a caller needs; null for an endpoint open to anyone or one routing made up (405).</summary>
    internal static ApiRole? RoleFor(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<RequiredRole>() is { } required)
        {
            return required.Role;
        }

        return endpoint is RouteEndpoint && endpoint.Metadata.GetMetadata<OpenWithoutToken>() is null ? ApiRole.Admin : null;
    }

    private static string Name(ApiRole role) => role == ApiRole.Admin ? "admin" : "read";
}
