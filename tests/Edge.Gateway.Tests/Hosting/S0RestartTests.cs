using System.Device.Gpio;
using System.Text;
using Edge.Gateway.Hosting;
using Edge.MeterAdapter.S0;
using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Edge.Runtime.Ingest;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Gateway.Tests.Hosting;

/// <summary>
/// An S0 pulse line is recorded as a cumulative import register (start value + pulses × 1000 / imp/kWh). After a restart
/// the ingest service starts that register from the last stored reading, not from the config's initialEnergyWh again,
/// so the daily series sees neither a negative delta nor a register reset. Real IngestService, MeterSourceFactory,
/// S0 source and SQLite store; pulses on a simulated GPIO line, timed by a fake clock.
/// </summary>
public sealed class S0RestartTests : IDisposable
{
    private const int Line = 17;

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-s0-restart-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero));

    // 500 imp/kWh: 2 Wh per pulse. initialEnergyWh is the meter's display when the line was wired up.
    private GatewayConfig Config() => GatewayConfigLoader.Parse(
        Encoding.UTF8.GetBytes($$"""
            {
              "gatewayId": "gw-s0",
              "dataDirectory": "data",
              "meters": [ { "id": "house-s0", "protocol": "s0", "pollIntervalSeconds": 10,
                            "s0": { "gpioChip": 0, "line": {{Line}}, "impulsesPerKwh": 500, "activeHigh": false, "initialEnergyWh": 1000000 } } ],
              "api": { "listenUrl": "http://127.0.0.1:0" }
            }
            """),
        "test.json",
        _dir);

    [Fact]
    public async Task After_a_restart_the_S0_register_continues_from_the_last_stored_reading()
    {
        var config = Config();

        // First run: 5 pulses → 1 000 000 + 5 × 2 = 1 000 010 Wh.
        await RunAsync(config, pulses: 5);
        // Second run, a fresh service and GPIO line over the same store: 3 pulses → 1 000 010 + 3 × 2 = 1 000 016 Wh.
        // Starting from initialEnergyWh again would give 1 000 006: a 4 Wh drop in the register.
        await RunAsync(config, pulses: 3);

        using var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = config.DatabasePath, RawRetention = TimeSpan.FromDays(90) });
        var registers = store.Read("house-s0", _time.GetUtcNow().AddDays(-1), _time.GetUtcNow().AddDays(1)).Select(r => r.Energy.TotalImportWh ?? 0).ToList();
        Assert.Equal(new long[] { 1_000_010, 1_000_016 }, registers.Distinct());
        Assert.Equal(registers.Order(), registers); // never a step down
        Assert.Equal(1_000_016L, store.LatestImportWh("house-s0"));
    }

    /// <summary>Starts an ingest service, plays the pulses, lets the S0 interval pass until a reading is stored, stops.</summary>
    private async Task RunAsync(GatewayConfig config, int pulses)
    {
        var driver = new SimulatedGpioDriver();
        var options = new GatewayHostOptions
        {
            Time = _time,
            Hardware = new MeterHardware
            {
                SerialDevice = path => throw new InvalidOperationException($"no serial device in this test: {path}"),
                GpioChip = _ => driver,
            },
        };
        var board = new MeterStatusBoard();
        using var services = new ServiceCollection().BuildServiceProvider();
        using var ingest = new IngestService(
            config, options, board, new FaultBoard(_time), new PipelineHeartbeat(_time), services, NullLogger<IngestService>.Instance);
        await ingest.StartAsync(CancellationToken.None);

        // S0 (IEC 62053-31): the meter pulls the line low for at least 30 ms per impulse; 40 ms low, 60 ms idle.
        for (var i = 0; i < pulses; i++)
        {
            driver.DriveInput(Line, PinValue.Low);
            _time.Advance(TimeSpan.FromMilliseconds(40));
            driver.DriveInput(Line, PinValue.High);
            _time.Advance(TimeSpan.FromMilliseconds(60));
        }

        // The source's timer starts on the pipeline's task, so step the clock one interval at a time until it has ticked.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (board.Find("house-s0")?.Snapshot().ReadingsStored is not >= 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting until a reading of the S0 line is stored");
            _time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(5);
        }

        await ingest.StopAsync(CancellationToken.None);
        Assert.Equal(new Dictionary<string, long>(), board.Find("house-s0")!.Snapshot().Rejects);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
