using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Edge.Gateway.Hosting;
using Edge.Gateway.Tests.Support;
using Edge.MeterAdapter.Transport;
using Microsoft.Data.Sqlite;

namespace Edge.Gateway.Tests.Hosting;

/// <summary>
/// The real daemon process (<c>edge run</c>) under a stand-in for systemd: the test owns the $NOTIFY_SOCKET datagram
/// socket and sets $WATCHDOG_USEC, and the daemon's parent process is named "systemd" (a symlink to /bin/sh), which is
/// how Microsoft.Extensions.Hosting.Systemd decides it runs as a service and sends READY=1. A DSMR meter on a pty feeds
/// the ingest pipeline; a stall is induced by holding the database's write lock, so the writer's commit waits in
/// SQLite's busy handler (up to 30 s) and its heartbeat goes stale. Every assertion is on the order of the datagrams;
/// waits are bounded only by a generous limit.
/// </summary>
public sealed class SystemdWatchdogProcessTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-wd-").FullName;

    [Fact]
    public async Task The_daemon_reports_ready_pings_while_ingest_beats_and_stops_pinging_while_its_commit_is_stuck()
    {
        using var pty = PseudoTerminal.Open();
        var configPath = Path.Combine(_dir, "gateway.json");
        File.WriteAllText(configPath, $$"""
            {
              "gatewayId": "gw-watchdog",
              "dataDirectory": "data",
              "meters": [ { "id": "house", "protocol": "dsmr", "device": "{{pty.SlavePath}}", "baudRate": 115200, "framing": "8N1" } ],
              "api": { "listenUrl": "http://127.0.0.1:0" }
            }
            """);
        using var systemd = new NotifySocket(Path.Combine(_dir, "notify.sock"));
        await using var meter = PlayedDsmrMeter.Start(pty, TimeSpan.FromMilliseconds(100));
        using var daemon = StartUnderSystemd(configPath, systemd.Path, watchdogUsec: 2_000_000);
        try
        {
            // Start-up: READY=1, then pings every second (half of WATCHDOG_USEC) while the writer beats.
            await systemd.WaitForAsync(m => m == "READY=1", daemon);
            await systemd.WaitForAsync(m => m == "WATCHDOG=1", daemon);
            await systemd.WaitForAsync(m => m == "WATCHDOG=1", daemon);

            // Stall: another connection holds the write lock, so the daemon's next commit cannot finish.
            using (var writeLock = new SqliteConnection($"Data Source={Path.Combine(_dir, "data", "gateway.db")};Pooling=False"))
            {
                writeLock.Open();
                using var transaction = writeLock.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: takes the write lock
                var firstStall = await systemd.WaitForAsync(m => m.StartsWith(SystemdWatchdog.StalledStatusPrefix, StringComparison.Ordinal), daemon);
                var secondStall = await systemd.WaitForAsync(m => m.StartsWith(SystemdWatchdog.StalledStatusPrefix, StringComparison.Ordinal), daemon);

                // Two consecutive watchdog ticks while the commit is stuck: neither pinged.
                Assert.DoesNotContain("WATCHDOG=1", systemd.Between(firstStall, secondStall));
                transaction.Rollback();
            }

            // The commit goes through once the lock is released: pings resume and the status says so.
            var resumed = await systemd.WaitForAsync(m => m == "WATCHDOG=1", daemon);
            var running = await systemd.WaitForAsync(m => m == SystemdWatchdog.RunningStatus, daemon);
            Assert.True(running > resumed, "the status is set back after the first ping");
            Assert.Equal(1, systemd.Count("READY=1"));
        }
        finally
        {
            daemon.Kill(entireProcessTree: true);
            await daemon.WaitForExitAsync();
        }
    }

    /// <summary>Starts <c>edge run</c> as the child of a process named "systemd", with systemd's notify variables.</summary>
    private Process StartUnderSystemd(string configPath, string notifySocket, long watchdogUsec)
    {
        var launcher = Path.Combine(_dir, "systemd");
        File.CreateSymbolicLink(launcher, "/bin/sh");
        var start = new ProcessStartInfo(launcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The command is not the script's last, so the shell stays as the daemon's parent instead of exec'ing it.
        foreach (var argument in new[] { "-c", "\"$@\"; exit $?", "systemd", Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "edge.dll"), "run", "--config", configPath })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NOTIFY_SOCKET"] = notifySocket;
        start.Environment["WATCHDOG_USEC"] = watchdogUsec.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment.Remove("WATCHDOG_PID"); // systemd would name the daemon's pid, unknown before it starts
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start edge run");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The test's end of $NOTIFY_SOCKET: every datagram the daemon sends, in arrival order.</summary>
    private sealed class NotifySocket : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        private readonly List<string> _received = [];
        private readonly byte[] _buffer = new byte[4096];

        public NotifySocket(string path)
        {
            Path = path;
            _socket.Bind(new UnixDomainSocketEndPoint(path));
        }

        public string Path { get; }

        /// <summary>Receives until a datagram after those already matched satisfies <paramref name="match"/>; returns its index.</summary>
        public async Task<int> WaitForAsync(Func<string, bool> match, Process daemon)
        {
            using var limit = new CancellationTokenSource(Limit);
            while (true)
            {
                Assert.False(daemon.HasExited, $"the daemon exited with {(daemon.HasExited ? daemon.ExitCode : 0)}; datagrams: {string.Join(" | ", _received)}");
                int n;
                try
                {
                    n = await _socket.ReceiveAsync(_buffer, SocketFlags.None, limit.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"no matching datagram within {Limit}; received: {string.Join(" | ", _received)}");
                }

                _received.Add(Encoding.UTF8.GetString(_buffer, 0, n));
                if (match(_received[^1]))
                {
                    return _received.Count - 1;
                }
            }
        }

        /// <summary>The datagrams strictly between two indexes.</summary>
        public IReadOnlyList<string> Between(int first, int last) => _received[(first + 1)..last];

        public int Count(string message) => _received.Count(m => m == message);

        public void Dispose() => _socket.Dispose();
    }
}
