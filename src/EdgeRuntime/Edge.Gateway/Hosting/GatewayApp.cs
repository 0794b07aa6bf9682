using Edge.Gateway.Api;
using Edge.Gateway.Led;
using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Edge.Runtime.Scoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Hosting;

/// <summary>
/// The composition of the gateway daemon: the one place where its services are registered and its endpoints mapped.
/// One ASP.NET Core slim host (NativeAOT) carries the pipeline as hosted services and the technician API on the
/// configured address; under systemd it reports READY=1 (Type=notify) and pings the watchdog.
/// To add a stage: register its services in <see cref="AddStages"/>, map endpoints in <see cref="MapEndpoints"/>.
/// </summary>
public static class GatewayApp
{
    public static WebApplication Build(GatewayConfig config, GatewayHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        options ??= new GatewayHostOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = config.BaseDirectory });
        builder.WebHost.UseUrls(config.Api.ListenUrl);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel).DemoteStartupFault(options.MinimumLogLevel);
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.FlushTimeout + TimeSpan.FromSeconds(5));
        AddStages(builder.Services, config, options);
        var app = builder.Build();
        MapEndpoints(app, config);
        return app;
    }

    private static void AddStages(IServiceCollection services, GatewayConfig config, GatewayHostOptions options)
    {
        // Shared state: the configuration, the clock, and the boards the page, API and metrics read.
        services.AddSingleton(config);
        services.AddSingleton(options);
        services.AddSingleton(options.Time);
        services.AddSingleton<FaultBoard>();
        services.AddSingleton<MeterStatusBoard>();
        services.AddSingleton<PipelineHeartbeat>();

        // Meters → channel → writer → store, then daily aggregates and retention.
        services.AddSingleton<IngestService>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestService>());
        services.AddHostedService<StoreMaintenanceService>();
        services.AddHostedService<SystemdWatchdog>();

        // Technician page, JSON API, metrics and the alert LED (issue 6 §6); they read AlertStore and IModelProvider.
        services.AddGatewayApi(config, options.Time.GetUtcNow());
        if (config.Alerts.Led is { } led)
        {
            services.AddHostedService(sp => new AlertLedService(led, sp.GetRequiredService<AlertStore>(), sp.GetRequiredService<FaultBoard>(), options.Time));
        }

        // Scoring, rules and alerts (issue 6 §4-5).
        services.AddScoring(config);
        // Model delivery (install, verify, activate, rollback; the IModelProvider scoring reads).
        services.AddModelDelivery(config);
        // Fleet uplink (MQTT outbox): registered here.
        services.AddUplink(config);
    }

    private static void MapEndpoints(WebApplication app, GatewayConfig config)
    {
        _ = config;

        // Technician page, JSON API and metrics: token, role and body-size checks first, then the endpoints.
        app.UseGatewayApi();
        app.MapGatewayApi();
    }
}
