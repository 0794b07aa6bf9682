using System.Globalization;
using Edge.Gateway.Hosting;
using Edge.MeterAdapter.S0;
using Edge.MeterAdapter.Transport;
using Edge.MeterSim.Dsmr;
using Edge.MeterSim.Meter;
using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Daily;
using Edge.Runtime.Health;
using Edge.Runtime.Ingest;
using Edge.Runtime.Models;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Demo;

/// <summary>
/// `edge demo`: the real daemon (ingest, store, scoring, rules, alerts, model delivery) against simulated meters.
/// Three households have years of stored history; then one live day is played in accelerated time, the meters speaking
/// DSMR 5 on pseudo-terminals and one S0 pulse output on a simulated GPIO line. At the end the gateway scores every
/// meter and the demo prints the alerts it raised, with their evidence.
/// </summary>
internal sealed class DemoRunner(DemoOptions options, TextWriter output)
{
    /// <summary>Demo time between telegrams: one a minute keeps the accelerated day at a few dozen telegrams per second.</summary>
    private static readonly TimeSpan TelegramInterval = TimeSpan.FromMinutes(1);

    /// <summary>Runs the demo; the open alerts at the end, or null when the model could not be activated.</summary>
    public async Task<IReadOnlyList<Alert>?> RunAsync(CancellationToken cancellationToken)
    {
        var directory = options.Directory ?? Path.Combine(Path.GetTempPath(), $"edge-demo-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        try
        {
            return await RunInAsync(Path.GetFullPath(directory), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (options.Directory is null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private async Task<IReadOnlyList<Alert>?> RunInAsync(string directory, CancellationToken cancellationToken)
    {
        var liveStart = new DateTimeOffset(options.LiveDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var liveEnd = liveStart.AddDays(1);
        var publicKey = DemoResources.WriteTo(directory, DemoResources.PublicKey);
        var households = DemoResources.WriteTo(directory, DemoResources.Households);

        output.WriteLine($"edge demo: gateway folder {directory}");
        var lines = new Dictionary<string, SimulatedDsmrLine>(StringComparer.Ordinal);
        using var gpio = new SimulatedGpioDriver();
        try
        {
            var finalRegisters = WriteHistory(directory, households, liveStart);
            foreach (var meter in DemoMeter.All)
            {
                var household = ReadHousehold(households, meter, options.LiveDay);
                var state = new SimulatedMeterState(
                    household.Profile, new TheftBehaviour { BypassFactor = meter.LiveRegisterShare }, liveStart, finalRegisters[meter.Id]);
                lines[meter.Id] = new SimulatedDsmrLine(state, new DsmrMeterSimulatorOptions { Interval = TelegramInterval, EquipmentId = $"E00DEMO{meter.Id}" });
            }

            var config = DemoConfig.Write(directory, lines.ToDictionary(l => l.Key, l => l.Value.Device, StringComparer.Ordinal), publicKey, options.Speed);

            // Paused until the meters start playing: the gateway's start-up must not eat hours of the live day.
            var clock = new AcceleratedClock(TimeProvider.System, liveStart, options.Speed, paused: true);
            return await RunGatewayAsync(config, clock, lines, gpio, finalRegisters, liveEnd, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var line in lines.Values)
            {
                line.Dispose();
            }
        }
    }

    private Dictionary<string, long> WriteHistory(string directory, string households, DateTimeOffset liveStart)
    {
        var registers = new Dictionary<string, long>(StringComparer.Ordinal);
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        using var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = Path.Combine(directory, "data", "gateway.db"), RawRetention = TimeSpan.FromDays(1200) });
        foreach (var meter in DemoMeter.All)
        {
            var household = ReadHousehold(households, meter, options.LiveDay);
            var (readings, final) = DemoHistory.Build(meter, household, DateOnly.FromDateTime(liveStart.UtcDateTime), TimeZoneInfo.Utc);
            store.Append(readings);
            registers[meter.Id] = final;
            if (meter.PulseMeterId is { } pulseMeter)
            {
                var (pulses, counted) = DemoHistory.BuildPulses(pulseMeter, household, options.LiveDay, TimeZoneInfo.Utc);
                store.Append(pulses);
                registers[pulseMeter] = counted;
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {meter.Id}: {household.DailyKwh.Count} days of history from {household.FirstDay:yyyy-MM-dd} ({readings.Count:N0} readings) — {meter.Story}"));
        }

        return registers;
    }

    private static DemoHousehold ReadHousehold(string path, DemoMeter meter, DateOnly liveDay)
    {
        using var reader = new StreamReader(path);
        return DemoHousehold.Read(reader, path, meter.Household, liveDay);
    }

    private async Task<IReadOnlyList<Alert>?> RunGatewayAsync(
        GatewayConfig config,
        AcceleratedClock clock,
        Dictionary<string, SimulatedDsmrLine> lines,
        SimulatedGpioDriver gpio,
        IReadOnlyDictionary<string, long> storedRegisters,
        DateTimeOffset liveEnd,
        CancellationToken cancellationToken)
    {
        MeterSourceSet? sources = null;
        var hardware = new MeterHardware
        {
            SerialDevice = path => new TermiosSerialDevice(path, TimeSpan.FromMilliseconds(20)),
            GpioChip = _ => gpio,
        };
        var host = new GatewayHostOptions
        {
            Time = clock,
            Hardware = hardware,
            MeterSources = services =>
            {
                // Serial timeouts and pulse debouncing run on wall time; readings are stamped with the demo clock.
                sources = MeterSourceFactory.Create(
                    config.Meters, hardware, services.GetRequiredService<MeterStatusBoard>(), services.GetRequiredService<FaultBoard>(),
                    TimeProvider.System, storedRegisters);
                return [.. sources.Sources.Select(s => (IMeterSource)new GatewayClockSource(s, clock))];
            },
        };

        var app = GatewayApp.Build(config, host with { MinimumLogLevel = LogLevel.Warning });
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var installer = app.Services.GetRequiredService<ModelInstaller>();
                var installed = await installer.InstallAsync(DemoResources.Read(DemoResources.Bundle), "edge demo", cancellationToken).ConfigureAwait(false);
                output.WriteLine($"model: {installed.Message}");
                if (!installed.Activated)
                {
                    return null;
                }

                await PlayLiveDayAsync(clock, lines, gpio, liveEnd, app.Services.GetRequiredService<MeterStatusBoard>(), cancellationToken).ConfigureAwait(false);
                var started = TimeProvider.System.GetTimestamp();
                var report = await app.Services.GetRequiredService<ScoringService>().ScoreNowAsync(cancellationToken).ConfigureAwait(false);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"scored {report.Meters} meters at {report.StartedAt:yyyy-MM-dd HH:mm} demo time with {installer.Active?.Label ?? "no model"}, {TimeProvider.System.GetElapsedTime(started).TotalMilliseconds:F0} ms wall time"));
                PrintLiveDay(config, DateOnly.FromDateTime(liveEnd.UtcDateTime).AddDays(-1));
                return PrintAlerts(app.Services.GetRequiredService<AlertStore>());
            }
            finally
            {
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
                sources?.Dispose();
            }
        }
    }

    private async Task PlayLiveDayAsync(
        AcceleratedClock clock,
        Dictionary<string, SimulatedDsmrLine> lines,
        SimulatedGpioDriver gpio,
        DateTimeOffset liveEnd,
        MeterStatusBoard board,
        CancellationToken cancellationToken)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"live day {clock.GetUtcNow():yyyy-MM-dd}: {lines.Count} DSMR meters on pseudo-terminals and one S0 line, {clock.Speed:0}x"));
        // Meters and the pulse line keep running past midnight until every meter has stored a reading stamped after
        // it: only then is the live day complete in the store. Waiting on readings, not on a fixed time, keeps the demo
        // right on a slow or busy machine, where the meters' clock-driven telegrams lag behind the demo clock.
        using var stopMeters = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        clock.Start();
        var running = DemoMeter.All.Where(m => m.PulseMeterId is not null)
            .Select(m => new SimulatedPulseLine(lines[m.Id].Meter, gpio, DemoConfig.PulseLine, DemoConfig.ImpulsesPerKwhAt(clock.Speed)).RunAsync(stopMeters.Token))
            .Concat(lines.Values.Select(l => l.RunAsync(clock, stopMeters.Token)))
            .ToList();
        try
        {
            using (var progress = new PeriodicTimer(TimeSpan.FromHours(6), clock))
            {
                while (clock.GetUtcNow() < liveEnd && await progress.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    var stored = board.Snapshot().Sum(m => m.ReadingsStored);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {clock.GetUtcNow():HH:mm} demo time: {stored:N0} readings stored"));
                }
            }

            using var settle = new PeriodicTimer(TimeSpan.FromMinutes(5), clock);
            var giveUp = clock.GetUtcNow().AddHours(12);
            while (Incomplete(board, liveEnd).Count > 0 && clock.GetUtcNow() < giveUp)
            {
                await settle.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await stopMeters.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(running).ConfigureAwait(false);
        }

        if (Incomplete(board, liveEnd) is { Count: > 0 } late)
        {
            output.WriteLine($"  warning: no reading after midnight from {string.Join(", ", late)}; their live day is left incomplete");
        }
    }

    /// <summary>The live day's energy per meter, built from the stored readings as the rules build it (UTC days).</summary>
    private void PrintLiveDay(GatewayConfig config, DateOnly liveDay)
    {
        using var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = config.DatabasePath, RawRetention = TimeSpan.FromDays(1200) });
        var options = new DailySeriesOptions(); // UTC days, as the demo's config
        var start = new DateTimeOffset(liveDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var stored = config.Meters.Select(m =>
        {
            var readings = store.Read(m.Id, start - options.MaxAttributableGap, start.AddDays(1) + options.MaxAttributableGap);
            var kwh = DailySeriesBuilder.Build(m.Id, readings, [], liveDay, liveDay, options).Kwh[0];
            var longestGap = readings.Zip(readings.Skip(1), (a, b) => b.GatewayTime - a.GatewayTime).DefaultIfEmpty().Max();
            return float.IsNaN(kwh)
                ? string.Create(CultureInfo.InvariantCulture, $"{m.Id} incomplete ({readings.Count} readings, longest gap {longestGap:hh\\:mm})")
                : string.Create(CultureInfo.InvariantCulture, $"{m.Id} {kwh:F2} kWh");
        });
        output.WriteLine($"live day as stored: {string.Join(", ", stored)}");
    }

    private static List<string> Incomplete(MeterStatusBoard board, DateTimeOffset liveEnd) =>
        [.. board.Snapshot().Where(m => !(m.LastReadingAt >= liveEnd)).Select(m => m.MeterId)];

    private List<Alert> PrintAlerts(AlertStore alerts)
    {
        var open = alerts.List(new AlertQuery { OpenOnly = true, Limit = 50 });
        output.WriteLine(open.Count == 0 ? "no alerts" : $"{open.Count} alert(s) for the technician:");
        foreach (var alert in open.OrderBy(a => a.MeterId, StringComparer.Ordinal))
        {
            var score = alert.Score is { } s ? string.Create(CultureInfo.InvariantCulture, $" score {s:F3} ({alert.ModelVersion})") : string.Empty;
            output.WriteLine($"  #{alert.Id} {alert.MeterId} {alert.Kind}{score}");
            output.WriteLine($"      {alert.Evidence}");
        }

        foreach (var meter in DemoMeter.All)
        {
            var flagged = open.Any(a => a.MeterId == meter.Id || a.MeterId == meter.PulseMeterId);
            output.WriteLine($"  {meter.Id} ({meter.Story}): {(flagged ? "flagged" : "not flagged")}");
        }

        return [.. open];
    }
}
