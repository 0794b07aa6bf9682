using System.Globalization;
using Edge.Runtime.Health;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Hosting;

/// <summary>
/// The systemd watchdog (WatchdogSec= in the unit): systemd passes the period in $WATCHDOG_USEC and expects
/// "WATCHDOG=1" within it (sd_watchdog_enabled(3) advises pinging at half the period). The ping is sent only while the
/// ingest loop's heartbeat is fresh, so a wedged pipeline (a commit that never returns, a writer that died) stops the
/// pings and systemd restarts the daemon. A tick without a ping sends "STATUS=..." instead, which `systemctl status`
/// shows (sd_notify(3)); the first ping after a stall sets the status back.
/// Microsoft.Extensions.Hosting.Systemd sends READY=1 and STOPPING=1 but not watchdog pings.
/// </summary>
internal sealed partial class SystemdWatchdog(PipelineHeartbeat heartbeat, TimeProvider time, ILogger<SystemdWatchdog> log) : BackgroundService
{
    /// <summary>The status shown once ingest beats again after a stall.</summary>
    internal const string RunningStatus = "STATUS=ingest running";

    /// <summary>Start of the status sent at each tick that does not ping.</summary>
    internal const string StalledStatusPrefix = "STATUS=ingest loop silent since ";

    /// <summary>The watchdog period and socket from the environment, or null when systemd asked for no watchdog.</summary>
    internal static (TimeSpan Period, string Socket)? FromEnvironment()
    {
        var socket = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        var usec = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (string.IsNullOrEmpty(socket) || !long.TryParse(usec, out var microseconds) || microseconds <= 0)
        {
            return null;
        }

        // WATCHDOG_PID names the process the watchdog is meant for; a child that inherited the variables must not ping.
        if (pid is { Length: > 0 } && pid != Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return null;
        }

        return (TimeSpan.FromTicks(microseconds * 10), socket);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (FromEnvironment() is not { } watchdog)
        {
            return;
        }

        using var notify = new SystemdNotifySocket(watchdog.Socket);
        using var timer = new PeriodicTimer(watchdog.Period / 2, time);
        LogEnabled(log, watchdog.Period);
        var stalled = false;
        try
        {
            do
            {
                if (heartbeat.IsAlive(watchdog.Period))
                {
                    notify.Send("WATCHDOG=1");
                    if (stalled)
                    {
                        notify.Send(RunningStatus);
                        stalled = false;
                    }
                }
                else
                {
                    var since = heartbeat.LastBeat;
                    notify.Send(string.Create(CultureInfo.InvariantCulture, $"{StalledStatusPrefix}{since:O}; not pinging the watchdog"));
                    stalled = true;
                    LogStalled(log, since);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: systemd stops expecting pings once it got STOPPING=1.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "systemd watchdog every {Period}, pinged at half of it while ingest is alive")]
    private static partial void LogEnabled(ILogger logger, TimeSpan period);

    [LoggerMessage(Level = LogLevel.Error, Message = "ingest loop silent since {LastBeat}: not pinging the systemd watchdog")]
    private static partial void LogStalled(ILogger logger, DateTimeOffset lastBeat);
}
