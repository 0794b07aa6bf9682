using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Edge.Runtime.Models;
using Edge.Runtime.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Hosting;

/// <summary>
/// Model delivery in the daemon (docs/model-delivery.md): one <see cref="ModelInstaller"/> owns the model directory
/// for the life of the host, is the <see cref="IModelProvider"/> scoring reads, and the inbox folder is scanned in
/// the background. The admin API and the uplink's model callback call the same installer.
/// </summary>
internal sealed partial class ModelDeliveryService(
    ModelInstaller installer, ModelDeliveryOptions options, FaultBoard faults, TimeProvider time, ILogger<ModelDeliveryService> log) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _inbox;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var status = installer.Status;
        LogStarted(log, status.Active ?? "(none)", status.HighestVersion, options.ModelDirectory);
        // An activation is routine; a rejection or a rollback is what an operator must notice.
        installer.Changed += (_, e) => LogEvent(
            log, e.Kind == ModelEventKind.Installed ? LogLevel.Information : LogLevel.Warning, e.Kind, e.Label ?? "(unsigned)", e.Reason, e.Message);
        if (options.InboxDirectory is { } inbox)
        {
            var scanner = new ModelInbox(installer, inbox, faults, time);
            _inbox = Task.Run(() => scanner.RunAsync(options.InboxPollInterval, _stop.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_inbox is not null)
        {
            try
            {
                await _inbox.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public void Dispose() => _stop.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Model delivery: active {Active}, highest version {Highest}, directory {Directory}")]
    private static partial void LogStarted(ILogger log, string active, long highest, string directory);

    [LoggerMessage(Message = "Model {Kind}: {Label} ({Reason}) {Message}")]
    private static partial void LogEvent(ILogger log, LogLevel level, ModelEventKind kind, string label, string reason, string message);
}

/// <summary>The daemon's registration of model delivery: one line in <see cref="GatewayApp"/>.</summary>
internal static class ModelDeliveryRegistration
{
    public static IServiceCollection AddModelDelivery(this IServiceCollection services, GatewayConfig config)
    {
        var options = ModelDeliveryOptions.FromConfig(config);
        services.AddSingleton(options);
        // Opened when first needed (the service's start at the latest): takes the directory lock and re-verifies the active bundle.
        services.AddSingleton(sp => ModelInstaller.Open(options, sp.GetRequiredService<FaultBoard>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IModelProvider>(sp => sp.GetRequiredService<ModelInstaller>());
        services.AddHostedService<ModelDeliveryService>();
        return services;
    }
}
