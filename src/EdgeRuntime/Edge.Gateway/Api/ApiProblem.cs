using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Api;

/// <summary>The body of every refused or failed API request: one sentence saying what is wrong.</summary>
public sealed record ApiError(string Error);

internal static class ApiProblem
{
    public static Task Write(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ApiError(message), ApiJson.Default.ApiError);
    }

    public static IResult Result(int status, string message) => TypedResults.Json(new ApiError(message), ApiJson.Default.ApiError, statusCode: status);
}
