using Edge.MeterAdapter.Readings;
using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Daily;
using Edge.Runtime.Health;
using Edge.Runtime.Rules;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Edge.Runtime.Tests.Scoring;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Runtime.Tests.Storage;

/// <summary>
/// The rules that need voltages and event counters fire in a scoring run that reads them back from a real store,
/// with the default thresholds (RuleThresholdSections: tamper and power-failure bursts 3 events in 24 h; zero with
/// voltage 3 days at 0 kWh with some phase at 180 V or more).
/// </summary>
public sealed class StoredEventRulesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = new(2026, 11, 18, 0, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-stored-rules-").FullName;
    private readonly FakeTimeProvider _time = new(Now);
    private readonly ReadingStore _store;
    private readonly AlertStore _alerts;
    private readonly ScoringRun _run;

    public StoredEventRulesTests()
    {
        var path = Path.Combine(_dir, "gateway.db");
        _store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = path });
        _alerts = AlertStore.Open(new AlertStoreOptions { DatabasePath = path });
        var options = new ScoringOptions();
        _run = new ScoringRun(
            new MeterHistoryReader(_store, _ => new DailySeriesOptions(), () => []),
            LocalRules.Create(new RulesConfig(), []),
            new MeterScoring(_alerts, new FaultBoard(_time), options),
            new RecordingModelProvider(),
            _alerts,
            options,
            _time);
    }

    /// <summary>
    /// Hourly readings from 2026-11-18 00:00 to 2026-11-24 01:00, an hour before the run, of three meters:
    /// "idle" never advances (0 kWh every day) and reads 230 V on L1 (L2, L3 absent);
    /// "quiet" also never advances but reports no voltage, so nothing shows its supply is live;
    /// "tamper" draws 100 Wh an hour, its tamper counter 0 until 2026-11-23 20:00 and then 1, 2, 3 at 21:00, 22:00,
    /// 23:00 (3 events within the 24 h before the run), its power-failure counter 5 until 2026-11-23 22:00, then 6, 7, 8
    /// at 23:00, 00:00, 01:00 (3 events).
    /// </summary>
    private void StoreReadings()
    {
        var tamperFrom = new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero);
        var failuresFrom = new DateTimeOffset(2026, 11, 23, 22, 0, 0, TimeSpan.Zero);
        var readings = new List<MeterReading>();
        for (var h = 0; Start.AddHours(h) < Now; h++)
        {
            var at = Start.AddHours(h);
            readings.Add(Reading("idle", at, 5_000_000) with { Instant = new InstantaneousValues { VoltageV = [230.0] } });
            readings.Add(Reading("quiet", at, 6_000_000));
            readings.Add(Reading("tamper", at, 1_000_000 + (100L * h)) with
            {
                Events = new MeterEvents
                {
                    TamperEvents = Math.Clamp((int)(at - tamperFrom).TotalHours, 0, 3),
                    PowerFailures = 5 + Math.Clamp((int)(at - failuresFrom).TotalHours, 0, 3),
                },
            });
        }

        _store.Append(readings);
    }

    private static MeterReading Reading(string meter, DateTimeOffset at, long importWh) => new()
    {
        MeterId = meter,
        Protocol = MeterProtocol.DsmrP1,
        GatewayTime = at,
        Energy = new EnergyRegisters { ImportTotalWh = importWh },
    };

    [Fact]
    public void Tamper_power_failure_and_zero_with_voltage_alerts_come_from_stored_readings()
    {
        StoreReadings();

        var report = _run.Execute();

        var tamper = Assert.Single(_alerts.List(new AlertQuery { Kind = AlertKind.TamperBurst }));
        Assert.Equal("tamper", tamper.MeterId);
        Assert.Contains("rose by 3 in the 24 h before 2026-11-24 02:00 (0 at 2026-11-23 01:00, 3 at 2026-11-24 01:00)", tamper.Evidence, StringComparison.Ordinal);

        var failures = Assert.Single(_alerts.List(new AlertQuery { Kind = AlertKind.PowerFailureBurst }));
        Assert.Equal("tamper", failures.MeterId);
        Assert.Contains("rose by 3 in the 24 h before 2026-11-24 02:00 (5 at 2026-11-23 01:00, 8 at 2026-11-24 01:00)", failures.Evidence, StringComparison.Ordinal);

        // Complete days 2026-11-21..23 at 0 kWh; "quiet" has the same days but no voltage, so only "idle" alerts.
        var zero = Assert.Single(_alerts.List(new AlertQuery { Kind = AlertKind.ZeroWithVoltage }));
        Assert.Equal("idle", zero.MeterId);
        Assert.Contains("2026-11-21..2026-11-23", zero.Evidence, StringComparison.Ordinal);
        Assert.Contains("230.0 V", zero.Evidence, StringComparison.Ordinal);

        Assert.Equal(3, report.RuleAlerts);
    }

    public void Dispose()
    {
        _alerts.Dispose();
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
