using System.Net.Http.Json;
using System.Threading.Channels;
using Edge.Gateway.Api;
using Edge.Gateway.Tests.Api;
using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Transport;
using Edge.Runtime.Config;
using Edge.Runtime.Daily;
using Edge.Runtime.Health;
using Edge.Runtime.Ingest;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Edge.Runtime.Tests.Scoring;
using Edge.Runtime.Tests.Uplink;
using Microsoft.Data.Sqlite;

namespace Edge.Gateway.Tests.Reporting;

/// <summary>
/// Issue 6, reliability: a full disk, a vanishing serial device, a model that throws or returns NaN. Each time the
/// real stage that meets the fault (writer, DSMR source, model scoring) runs against the gateway's boards, the fault
/// shows on the API, the metrics and the page under its component, the gateway keeps working around it, and all three
/// channels clear once the cause goes away.
/// </summary>
public sealed class FaultReportingTests
{
    private static readonly SerialTransportOptions FastWatchdog = new()
    {
        SilenceWindow = TimeSpan.FromMilliseconds(500),
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
    };

    private static readonly MeterConfig House = new() { Id = "house", Protocol = MeterProtocolName.Dsmr, Device = "/dev/ttyP1" };

    /// <summary>What each channel says about <paramref name="component"/> now: the API's message, whether /metrics has its sample, the page.</summary>
    private static async Task<(string? Api, bool Metrics, string Page)> ShownAsync(RunningGateway gateway, string component)
    {
        using var status = await gateway.SendAsync(HttpMethod.Get, "/api/status", RunningGateway.ReadToken);
        var faults = (await status.Content.ReadFromJsonAsync(ApiJson.Default.GatewayStatus))!.Faults;
        using var metrics = await gateway.SendAsync(HttpMethod.Get, "/metrics", RunningGateway.ReadToken);
        var (samples, _) = PrometheusTextParser.Parse(await metrics.Content.ReadAsStringAsync());
        using var page = await gateway.SendAsync(HttpMethod.Get, "/page/overview", RunningGateway.ReadToken);
        return (
            faults.SingleOrDefault(f => f.Component == component)?.Message,
            samples.Any(s => s.Name == "edge_fault_active" && s.Label("component") == component && s.Value == 1),
            await page.Content.ReadAsStringAsync());
    }

    private static async Task PollAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }

    private static MeterReading Reading(long n) => new()
    {
        MeterId = "house",
        Protocol = MeterProtocol.DsmrP1,
        GatewayTime = RunningGateway.Start.AddSeconds(n),
        Energy = new EnergyRegisters { ImportTotalWh = n },
    };

    [Fact]
    public async Task A_full_disk_is_shown_while_readings_are_held_and_clears_when_space_returns()
    {
        await using var gateway = await RunningGateway.StartAsync(House);
        using var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = Path.Combine(gateway.Directory, "readings.db") });
        var disk = new FillableDisk(store) { Full = true };
        var meter = gateway.Meters.For("house", "dsmr");
        var readings = Channel.CreateUnbounded<MeterReading>();
        var writer = new ReadingWriter(disk, gateway.Meters, gateway.Faults, new PipelineHeartbeat(gateway.Time), gateway.Time, new ReadingWriterOptions { MaxBatch = 8, MaxPending = 1000 });
        var running = Task.Run(() => writer.RunAsync(readings.Reader, CancellationToken.None));

        for (var n = 1; n <= 20; n++)
        {
            meter.Received();
            readings.Writer.TryWrite(Reading(n));
        }

        await Poll.UntilAsync(() => gateway.Faults.Has(ReadingWriter.StorageComponent), "the writer meets the full disk");
        var (api, metrics, page) = await ShownAsync(gateway, ReadingWriter.StorageComponent);
        Assert.StartsWith("cannot store readings: SQLite Error 13: 'database or disk is full'.", api, StringComparison.Ordinal);
        Assert.True(metrics);
        Assert.Contains("<b>storage</b>: cannot store readings: SQLite Error 13", page, StringComparison.Ordinal);

        disk.Full = false;
        await Poll.UntilAsync(() => writer.ReadingsStored == 20, "the held readings are stored once space returns", () => gateway.Time.Advance(TimeSpan.FromSeconds(1)));
        (api, metrics, page) = await ShownAsync(gateway, ReadingWriter.StorageComponent);
        Assert.Null(api);
        Assert.False(metrics);
        Assert.DoesNotContain("<b>storage</b>", page, StringComparison.Ordinal);

        readings.Writer.Complete();
        await running;
        Assert.Equal(
            Enumerable.Range(1, 20).Select(n => (long)n),
            store.Read("house", RunningGateway.Start, RunningGateway.Start.AddDays(1)).Select(r => r.Energy.ImportTotalWh!.Value));
        Assert.Equal(0, writer.ReadingsDropped);
        SqliteConnection.ClearAllPools();
    }

    // A telegram decoded from bytes read before the unplug can arrive after the transport reported DeviceMissing; it
    // must not clear the fault (SerialFaultReporter clears only over a connected port).
    [Fact]
    public async Task A_vanishing_serial_device_is_shown_on_its_meter_and_clears_when_it_is_back()
    {
        await using var gateway = await RunningGateway.StartAsync(House);
        var device = new PluggableDevice("/dev/ttyP1", Telegram());
        var readings = Channel.CreateUnbounded<MeterReading>();
        using var stop = new CancellationTokenSource();
        using var source = new DsmrMeterSource("house", device, SerialSettings.Dsmr5, gateway.Meters, gateway.Faults, TimeProvider.System, TimeSpan.Zero, FastWatchdog);
        var running = source.RunAsync(readings.Writer, stop.Token);
        await readings.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        device.Present = false; // unplugged: reads fail and the node is gone
        const string component = "meter:house"; // the meter sources' FaultBoard component
        // Telegrams read before the unplug may still be decoded (and clear the fault) after the first report; the
        // transport reports again at each retry, so wait until the API shows it.
        (string? Api, bool Metrics, string Page) shown = default;
        await PollAsync(async () => (shown = await ShownAsync(gateway, component)).Api is not null, "the missing device is reported");
        var (api, metrics, page) = shown;
        Assert.Equal("/dev/ttyP1 does not exist", api);
        Assert.True(metrics);
        Assert.Contains("<td><b>/dev/ttyP1 does not exist</b></td>", page, StringComparison.Ordinal);
        using (var meters = await gateway.SendAsync(HttpMethod.Get, "/api/meters", RunningGateway.ReadToken))
        {
            var house = (await meters.Content.ReadFromJsonAsync(ApiJson.Default.IReadOnlyListMeterView))!.Single();
            Assert.Equal("/dev/ttyP1 does not exist", house.Fault);
            Assert.StartsWith("device-missing", house.Transport, StringComparison.Ordinal);
        }

        device.Present = true;
        while (readings.Reader.TryRead(out _))
        {
        }

        await readings.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => !gateway.Faults.Has(component), "the fault clears once telegrams flow again");
        (api, metrics, page) = await ShownAsync(gateway, component);
        Assert.Null(api);
        Assert.False(metrics);
        Assert.DoesNotContain("does not exist", page, StringComparison.Ordinal);

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_model_that_returns_NaN_or_throws_is_shown_and_clears_at_the_next_good_run()
    {
        await using var gateway = await RunningGateway.StartAsync(House);
        using var models = new ScoringModels();
        var scoring = new MeterScoring(gateway.Alerts, gateway.Faults, new ScoringOptions { MinimumKnownFraction = 0.5, RecentDays = 7 });
        var lastDay = DateOnly.FromDateTime(RunningGateway.Start.UtcDateTime).AddDays(-1);
        DailySeries[] series = [new("house", lastDay.AddDays(1 - ScoringModels.WindowDays), [.. Enumerable.Range(0, ScoringModels.WindowDays).Select(d => 8f + (d % 7))], [])];

        ModelRunReport Run(ScoringModel model)
        {
            gateway.Models.Active = model;
            return scoring.Run(gateway.Models, model, series, gateway.Time.GetUtcNow());
        }

        var nan = Run(models.NaNScoring());
        var (api, metrics, page) = await ShownAsync(gateway, MeterScoring.FaultComponent);
        Assert.Equal("gateway-theft@4: non-finite score NaN for meter house", api);
        Assert.True(metrics);
        Assert.Contains("<b>model</b>: gateway-theft@4: non-finite score NaN for meter house", page, StringComparison.Ordinal);
        Assert.Equal("gateway-theft@4: " + nan.Failure, api);

        Run(models.Throwing());
        (api, metrics, _) = await ShownAsync(gateway, MeterScoring.FaultComponent);
        Assert.StartsWith("gateway-theft@5: the model threw ", api, StringComparison.Ordinal);
        Assert.True(metrics);

        var good = Run(models.Good(threshold: 1.5f));
        Assert.Null(good.Failure);
        Assert.True(float.IsFinite(good.Meters.Single().Score!.Value));
        (api, metrics, page) = await ShownAsync(gateway, MeterScoring.FaultComponent);
        Assert.Null(api);
        Assert.False(metrics);
        Assert.DoesNotContain("<b>model</b>", page, StringComparison.Ordinal);
    }

    private static byte[] Telegram() => DsmrTelegramWriter.Write(
        new MeterReading
        {
            MeterId = "E0044007316160217",
            Protocol = MeterProtocol.DsmrP1,
            GatewayTime = RunningGateway.Start,
            MeterTime = RunningGateway.Start,
            Energy = new EnergyRegisters { ImportTariff1Wh = 10_000, ImportTariff2Wh = 1000, ExportTariff1Wh = 0, ExportTariff2Wh = 0, ActiveTariff = 2 },
        },
        DsmrVersion.V5);

    /// <summary>A reading store on a disk that the test fills and empties: while full, commits fail as SQLite fails on a full disk (SQLITE_FULL, 13).</summary>
    private sealed class FillableDisk(ReadingStore store) : IReadingSink
    {
        public volatile bool Full;

        public void Append(IReadOnlyList<MeterReading> readings)
        {
            if (Full)
            {
                throw new SqliteException("SQLite Error 13: 'database or disk is full'.", 13);
            }

            store.Append(readings);
        }
    }

    /// <summary>A USB serial adapter that can be unplugged: its node disappears and open links fail, as the kernel's do.</summary>
    private sealed class PluggableDevice(string name, byte[] telegram) : ISerialDevice
    {
        private volatile bool _present = true;

        public bool Present
        {
            get => _present;
            set => _present = value;
        }

        public string Name => name;

        private byte[] TelegramBytes => telegram;

        public bool IsPresent() => _present;

        public ISerialLink Open(SerialSettings settings) => _present ? new Link(this) : throw new IOException($"{name}: No such file or directory");

        private sealed class Link(PluggableDevice device) : ISerialLink
        {
            public int Read(Span<byte> buffer)
            {
                if (!device.Present)
                {
                    throw new IOException($"{device.Name}: Input/output error");
                }

                // A UART read blocks until bytes arrive: one telegram per read, paced like a fast meter.
                Thread.Sleep(20);
                var n = Math.Min(buffer.Length, device.TelegramBytes.Length);
                device.TelegramBytes.AsSpan(0, n).CopyTo(buffer);
                return n;
            }

            public void Write(ReadOnlySpan<byte> data)
            {
            }

            public void Drain()
            {
            }

            public void Dispose()
            {
            }
        }
    }
}
