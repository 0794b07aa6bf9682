using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Hosting;

/// <summary>
/// The host logs a hosted service that fails to start ("Hosting failed to start", with the whole stack trace) and
/// then throws the same exception to <c>edge run</c>, which prints it as one <c>edge:</c> line (a listen address in
/// use, a database it cannot open). So that a technician reads that line only, the console gets the host's record at
/// Debug, written only when the daemon logs at Debug or below. An exception <c>edge run</c> does not handle still
/// ends the process with the runtime's own report.
/// </summary>
internal static class StartupFaultLog
{
    /// <summary>Microsoft.Extensions.Hosting's logger category and event name for that record.</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private const string StartupFaulted = "HostedServiceStartupFaulted";

    /// <summary>Wraps the console provider the slim builder registers; a host without one is left as it is.</summary>
    public static ILoggingBuilder DemoteStartupFault(this ILoggingBuilder logging, LogLevel minimum)
    {
        ArgumentNullException.ThrowIfNull(logging);
        var services = logging.Services;
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i].ServiceType == typeof(ILoggerProvider) && services[i].ImplementationType == typeof(ConsoleLoggerProvider))
            {
                services[i] = ServiceDescriptor.Singleton<ILoggerProvider>(sp => new Provider(
                    new ConsoleLoggerProvider(sp.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), sp.GetServices<ConsoleFormatter>()),
                    minimum));
            }
        }

        return logging;
    }

    private sealed class Provider(ConsoleLoggerProvider console, LogLevel minimum) : ILoggerProvider, ISupportExternalScope
    {
        public ILogger CreateLogger(string categoryName)
        {
            var logger = console.CreateLogger(categoryName);
            return categoryName == HostCategory ? new HostLogger(logger, minimum) : logger;
        }

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => console.SetScopeProvider(scopeProvider);

        public void Dispose() => console.Dispose();
    }

    private sealed class HostLogger(ILogger console, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => console.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => console.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == StartupFaulted)
            {
                if (minimum > LogLevel.Debug)
                {
                    return;
                }

                logLevel = LogLevel.Debug;
            }

            console.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
