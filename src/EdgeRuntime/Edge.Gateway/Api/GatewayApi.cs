using Edge.Gateway.Page;
using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Edge.Gateway.Api;

/// <summary>Which gateway answers, and since when it runs (for /api/status).</summary>
public sealed record GatewayIdentity(string GatewayId, DateTimeOffset StartedAt);

/// <summary>
/// The local API, the technician page and /metrics, added to a web host in three calls:
/// <c>services.AddGatewayApi(config, startedAt)</c>, then <c>app.UseGatewayApi()</c> and <c>app.MapGatewayApi()</c>.
/// The handlers take from the container what the daemon registers: GatewayConfig, AlertStore, FaultBoard,
/// MeterStatusBoard, MeterReplacementStore, TimeProvider, ReadingQueries (added here if absent) and, when present, IModelProvider,
/// ScoringStatus and ScoringService.
/// Each area maps its endpoints in its own file (StatusEndpoints, AlertEndpoints, ...); a new area adds one line to
/// <see cref="MapGatewayApi"/> and declares its role (<see cref="ApiAccess.RequireRole"/>) and, when it takes more
/// than <see cref="ApiAccess.DefaultBodyLimit"/>, its body limit (<see cref="ApiAccess.LimitBody"/>).
/// </summary>
public static class GatewayApi
{
    public static IServiceCollection AddGatewayApi(this IServiceCollection services, GatewayConfig config, DateTimeOffset startedAt)
    {
        ArgumentNullException.ThrowIfNull(config);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new GatewayIdentity(config.GatewayId, startedAt));
        services.AddSingleton(new ApiTokens(config.Api.Tokens));
        services.TryAddSingleton<GatewayMetrics>();
        services.TryAddSingleton(_ => new ReadingQueries(config.DatabasePath));
        // Every type an endpoint binds or writes as JSON must be in these contexts: under NativeAOT there is no
        // reflection fallback, and one missing type fails every endpoint (tests/.../Api/EndpointJsonTests.cs).
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJson.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(1, ModelApiJson.Default);
        });
        return services;
    }

    /// <summary>Token, role and body-size checks; call before the endpoints run (after routing, which WebApplication adds first).</summary>
    public static WebApplication UseGatewayApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(ApiAccess.Middleware(app.Services.GetRequiredService<ApiTokens>()));

        // Every scoring run's wall time goes into the latency histogram, from the first run on.
        if (app.Services.GetService<ScoringStatus>() is { } scoring)
        {
            var metrics = app.Services.GetRequiredService<GatewayMetrics>();
            scoring.RunCompleted += (_, report) => metrics.RecordScoringRun(report.Duration);
        }

        return app;
    }

    public static IEndpointRouteBuilder MapGatewayApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api");
        StatusEndpoints.Map(api);
        MeterEndpoints.Map(api);
        ReplacementEndpoints.Map(api);
        AlertEndpoints.Map(api);
        ScoreEndpoints.Map(api);
        ModelEndpoints.Map(api);
        MetricsEndpoint.Map(app);
        TechnicianPage.Map(app);
        return app;
    }
}
