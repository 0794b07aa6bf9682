using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Edge.Gateway.Hosting;
using Edge.Gateway.Tests.Support;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Transport;
using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Edge.Runtime.Ingest;
using Edge.Runtime.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.Hosting;

/// <summary>The daemon's host end to end: real Kestrel on 127.0.0.1:0, real SQLite, real pseudo-terminal meters.</summary>
public sealed class GatewayHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-host-").FullName;

    private GatewayConfig Config(string meters) => GatewayConfigLoader.Parse(
        Encoding.UTF8.GetBytes($$"""
            {
              "gatewayId": "gw-host",
              "dataDirectory": "data",
              "meters": [ {{meters}} ],
              "api": { "listenUrl": "http://127.0.0.1:0" }
            }
            """),
        "test.json",
        _dir);

    private static long StoredCount(GatewayConfig config, string meterId)
    {
        using var connection = new SqliteConnection($"Data Source={config.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT count(*) FROM readings WHERE meter_id = $m";
        query.Parameters.AddWithValue("$m", meterId);
        return (long)query.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_dsmr_meter_on_a_serial_port_is_read_and_stored_by_the_running_host()
    {
        using var pty = PseudoTerminal.Open();
        var config = Config($$"""{ "id": "house", "protocol": "dsmr", "device": "{{pty.SlavePath}}", "baudRate": 115200, "framing": "8N1" }""");
        await using var meter = PlayedDsmrMeter.Start(pty, TimeSpan.FromMilliseconds(50));

        await using var app = GatewayApp.Build(config);
        await app.StartAsync();
        var board = app.Services.GetRequiredService<MeterStatusBoard>();
        await WaitUntil(() => board.Find("house")?.Snapshot().ReadingsStored >= 3, "three readings are stored");
        await app.StopAsync();

        var snapshot = board.Find("house")!.Snapshot();
        Assert.Equal("dsmr", snapshot.Protocol);
        Assert.Equal(snapshot.ReadingsStored, StoredCount(config, "house"));
        Assert.DoesNotContain(app.Services.GetRequiredService<FaultBoard>().Snapshot(), f => f.Component.StartsWith("meter:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_the_host_flushes_every_queued_reading_into_the_store()
    {
        var config = Config("""{ "id": "burst", "protocol": "dsmr", "device": "/dev/unused" }""");
        var source = new BurstSource("burst", 3000);
        await using var app = GatewayApp.Build(config, new GatewayHostOptions { MeterSources = _ => [source] });
        await app.StartAsync();
        await WaitUntil(() => source.Written == 3000, "the meter has handed over all its readings");

        await app.StopAsync();

        // Everything accepted into the channel was committed before the host stopped, whatever the writer had done so far.
        Assert.Equal(3000, StoredCount(config, "burst"));
    }

    [Fact]
    public async Task The_watchdog_pings_systemd_over_the_notify_socket_while_ingest_beats()
    {
        var socketPath = Path.Combine(_dir, "notify.sock");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(socketPath));
        var config = Config("""{ "id": "idle", "protocol": "dsmr", "device": "/dev/unused" }""");
        Environment.SetEnvironmentVariable("NOTIFY_SOCKET", socketPath);
        Environment.SetEnvironmentVariable("WATCHDOG_USEC", "400000");
        Environment.SetEnvironmentVariable("WATCHDOG_PID", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            await using var app = GatewayApp.Build(config, new GatewayHostOptions { MeterSources = _ => [new BurstSource("idle", 0)] });
            await app.StartAsync();
            var buffer = new byte[256];
            var received = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (received.Count(m => m == "WATCHDOG=1") < 2)
            {
                var n = await systemd.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                received.Add(Encoding.UTF8.GetString(buffer, 0, n));
            }

            await app.StopAsync();
            Assert.Contains("WATCHDOG=1", received);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NOTIFY_SOCKET", null);
            Environment.SetEnvironmentVariable("WATCHDOG_USEC", null);
            Environment.SetEnvironmentVariable("WATCHDOG_PID", null);
        }
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(5);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Hands over <c>count</c> readings as fast as the channel takes them, then idles until stopped.</summary>
    private sealed class BurstSource(string meterId, int count) : IMeterSource
    {
        private int _written;

        public string MeterId => meterId;

        public int Written => Volatile.Read(ref _written);

        public async Task RunAsync(ChannelWriter<MeterReading> readings, CancellationToken cancellationToken)
        {
            // Recent times: the host's retention pass deletes readings older than 90 days.
            var t0 = DateTimeOffset.UtcNow;
            for (var n = 0; n < count; n++)
            {
                await readings.WriteAsync(
                    new MeterReading { MeterId = meterId, Protocol = MeterProtocol.DsmrP1, GatewayTime = t0.AddMilliseconds(n), Energy = new EnergyRegisters { ImportTotalWh = n } },
                    CancellationToken.None);
                Interlocked.Increment(ref _written);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
