using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Edge.Gateway.Hosting;
using Edge.Gateway.Tests.Api;
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

/// <summary>
/// The daemon's host end to end: real Kestrel on 127.0.0.1:0, real SQLite, real pseudo-terminal meters. The host logs to
/// the console, so these tests share the console collection with the tests that capture it.
/// </summary>
[Collection(ConsoleCapture.Collection)]
public sealed class GatewayHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-host-").FullName;

    private GatewayConfig Config(string meters, string api = "") => GatewayConfigLoader.Parse(
        Encoding.UTF8.GetBytes($$"""
            {
              "gatewayId": "gw-host",
              "dataDirectory": "data",
              "meters": [ {{meters}} ],
              "api": { "listenUrl": "http://127.0.0.1:0"{{api}} }
            }
            """),
        "test.json",
        _dir);

    /// <summary>Runs one query on the store's file, read-only, with $m bound to the meter id.</summary>
    private static T QueryStore<T>(GatewayConfig config, string meterId, string sql, Func<SqliteCommand, T> read)
    {
        using var connection = new SqliteConnection($"Data Source={config.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = sql;
        query.Parameters.AddWithValue("$m", meterId);
        return read(query);
    }

    private static long StoredCount(GatewayConfig config, string meterId) =>
        QueryStore(config, meterId, "SELECT count(*) FROM readings WHERE meter_id = $m", q => (long)q.ExecuteScalar()!);

    /// <summary>The newest stored reading's gateway time, read with SQL: stored as Unix milliseconds plus the offset in minutes.</summary>
    private static DateTimeOffset LatestStoredTime(GatewayConfig config, string meterId) =>
        QueryStore(config, meterId, "SELECT gateway_time_ms, gateway_offset_min FROM readings WHERE meter_id = $m ORDER BY gateway_time_ms DESC LIMIT 1", q =>
        {
            using var row = q.ExecuteReader();
            Assert.True(row.Read(), "the first run stored readings");
            return DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(0)).ToOffset(TimeSpan.FromMinutes(row.GetInt64(1)));
        });

    [Fact]
    public async Task A_dsmr_meter_on_a_serial_port_is_read_and_stored_by_the_running_host()
    {
        using var pty = PseudoTerminal.Open();
        var config = Config($$"""{ "id": "house", "protocol": "dsmr", "device": "{{pty.SlavePath}}", "baudRate": 115200, "framing": "8N1" }""");
        await using var meter = PlayedDsmrMeter.Start(pty, TimeSpan.FromMilliseconds(50));

        await using var app = GatewayApp.Build(config);
        await app.StartAsync();
        var board = app.Services.GetRequiredService<MeterStatusBoard>();
        await Condition.WaitUntil(() => board.Find("house")?.Snapshot().ReadingsStored >= 3, "three readings are stored");
        await app.StopAsync();

        var snapshot = board.Find("house")!.Snapshot();
        Assert.Equal("dsmr", snapshot.Protocol);
        Assert.Equal(snapshot.ReadingsStored, StoredCount(config, "house"));
        Assert.DoesNotContain(app.Services.GetRequiredService<FaultBoard>().Snapshot(), f => f.Component.StartsWith("meter:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_a_restart_the_api_metrics_and_page_show_the_last_stored_reading_its_currents_and_sags_before_any_new_one()
    {
        using var played = PseudoTerminal.Open();
        using var quiet = PseudoTerminal.Open(); // after the restart the meter's line carries nothing
        GatewayConfig MeterOn(PseudoTerminal pty) => Config(
            $$"""{ "id": "house", "protocol": "dsmr", "device": "{{pty.SlavePath}}", "baudRate": 115200, "framing": "8N1" }""",
            $$""", "tokens": [ { "name": "monitoring", "role": "read", "sha256": "{{RunningGateway.ReadSha256}}" } ]""");

        var first = MeterOn(played);
        // L2's current not reported; sags and swells per phase as in the DSMR 5.0.2 §6.12 example.
        var events = new MeterEvents { VoltageSagsByPhase = [2, 1, 0], VoltageSwellsByPhase = [0, 3, 0] };
        await using (var meter = PlayedDsmrMeter.Start(played, TimeSpan.FromMilliseconds(50), currentA: [4, null, 2], events))
        await using (var app = GatewayApp.Build(first))
        {
            await app.StartAsync();
            var board = app.Services.GetRequiredService<MeterStatusBoard>();
            await Condition.WaitUntil(() => board.Find("house")?.Snapshot().ReadingsStored >= 3, "three readings are stored");
            await app.StopAsync();
        }

        var lastStored = LatestStoredTime(first, "house");
        await using var restarted = GatewayApp.Build(MeterOn(quiet));
        await restarted.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(restarted.Urls.Single()) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", RunningGateway.ReadToken);

        using var meters = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/meters", UriKind.Relative)));
        var house = meters.RootElement.EnumerateArray().Single();
        Assert.Equal(0, house.GetProperty("readingsStored").GetInt64()); // nothing new since the restart
        Assert.Equal(lastStored, house.GetProperty("lastReadingAt").GetDateTimeOffset());
        Assert.Equal("[4,null,2]", house.GetProperty("currentA").GetRawText());
        Assert.Equal(("[2,1,0]", "[0,3,0]"), (house.GetProperty("voltageSags").GetRawText(), house.GetProperty("voltageSwells").GetRawText()));
        using var status = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/status", UriKind.Relative)));
        // A reading from before the restart does not make the meter "reporting": nothing has arrived since.
        Assert.Equal(0, status.RootElement.GetProperty("meters").GetProperty("reporting").GetInt32());

        var (samples, _) = PrometheusTextParser.Parse(await http.GetStringAsync(new Uri("metrics", UriKind.Relative)));
        var current = samples.Where(s => s.Name == "edge_meter_current_amperes").ToDictionary(s => s.Label("phase")!, s => s.Value);
        Assert.Equal(new Dictionary<string, double> { ["l1"] = 4, ["l3"] = 2 }, current);
        var swells = samples.Where(s => s.Name == "edge_meter_voltage_swells_total").ToDictionary(s => s.Label("phase")!, s => s.Value);
        Assert.Equal(new Dictionary<string, double> { ["l1"] = 0, ["l2"] = 3, ["l3"] = 0 }, swells);

        var page = await http.GetStringAsync(new Uri("page/overview", UriKind.Relative));
        // HTML-encoded as the page writes every text ('+' as &#x2B;).
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(lastStored.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture)), page, StringComparison.Ordinal);
        Assert.Contains("<td>4 / - / 2 A</td><td>2 / 1 / 0</td><td>0 / 3 / 0</td>", page, StringComparison.Ordinal);
        await restarted.StopAsync();
    }

    [Fact]
    public async Task Stopping_the_host_flushes_every_queued_reading_into_the_store()
    {
        var config = Config("""{ "id": "burst", "protocol": "dsmr", "device": "/dev/unused" }""");
        var source = new BurstSource("burst", 3000);
        await using var app = GatewayApp.Build(config, new GatewayHostOptions { MeterSources = _ => [source] });
        await app.StartAsync();
        await Condition.WaitUntil(() => source.Written == 3000, "the meter has handed over all its readings");

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
