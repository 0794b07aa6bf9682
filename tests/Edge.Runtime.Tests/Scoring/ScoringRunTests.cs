using Edge.MeterAdapter.Readings;
using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Daily;
using Edge.Runtime.Health;
using Edge.Runtime.Rules;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Runtime.Tests.Scoring;

/// <summary>The whole run over a real store: readings -> daily series -> rules and model -> alerts.</summary>
public sealed class ScoringRunTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-run-").FullName;
    private readonly FakeTimeProvider _time = new(Now);
    private readonly ReadingStore _store;
    private readonly AlertStore _alerts;
    private readonly FaultBoard _faults;
    private readonly RecordingModelProvider _provider = new();
    private readonly ScoringModels _models = new();
    private readonly ScoringRun _run;

    public ScoringRunTests()
    {
        var path = Path.Combine(_dir, "gateway.db");
        _store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = path });
        _alerts = AlertStore.Open(new AlertStoreOptions { DatabasePath = path });
        _faults = new FaultBoard(_time);
        _run = RunOver(new MeterHistoryReader(_store, _ => new DailySeriesOptions(), () => []));
    }

    /// <summary>
    /// Hourly readings from 2026-09-29 00:00 (56 days before the run's last complete day) to the run at 2026-11-24 02:00:
    /// the S0 line counts 500 Wh an hour (12 kWh a day), the bypassed register E1 only 125 Wh (3 kWh a day), E2 is honest (400 and 200 Wh in alternate hours).
    /// </summary>
    private void StoreReadings()
    {
        var start = new DateTimeOffset(2026, 9, 29, 0, 0, 0, TimeSpan.Zero);
        var readings = new List<MeterReading>();
        for (var h = 0; start.AddHours(h) <= Now; h++)
        {
            var at = start.AddHours(h);
            readings.Add(Reading("s0-main", MeterProtocol.S0Pulse, at, 1_000_000 + (500L * h)));
            readings.Add(Reading("E1", MeterProtocol.DsmrP1, at, 2_000_000 + (125L * h)));
            readings.Add(Reading("E2", MeterProtocol.DsmrP1, at, 3_000_000 + (300L * h) + (h % 2 == 0 ? 0 : 100)));
        }

        _store.Append(readings);
    }

    private static MeterReading Reading(string meter, MeterProtocol protocol, DateTimeOffset at, long importWh) => new()
    {
        MeterId = meter,
        Protocol = protocol,
        GatewayTime = at,
        Energy = new EnergyRegisters { ImportTotalWh = importWh },
    };

    [Fact]
    public void Rules_alert_with_figures_from_the_store_while_the_model_fails_and_the_fault_clears_when_it_works()
    {
        StoreReadings();
        _provider.Active = _models.NaNScoring();

        var failed = _run.Execute();

        // Pulse rule over the 7 days 2026-11-17..23: 7 x 12 = 84 kWh pulses vs 7 x 3 = 21 kWh register,
        // 63 kWh = 75 % missing, tolerance max(0.5, 0.05 x 84 = 4.2) = 4.2 kWh.
        var bypass = Assert.Single(_alerts.List(new AlertQuery { Kind = AlertKind.PulseRegisterMismatch }));
        Assert.Equal("E1", bypass.MeterId);
        Assert.Equal(
            "S0 pulses (s0-main) counted 84.00 kWh but the register advanced 21.00 kWh over 2026-11-17..2026-11-23 (7 days both known): 63.00 kWh (75%) not registered, tolerance 4.20 kWh",
            bypass.Evidence);
        Assert.Equal(Now, bypass.RaisedAt);
        Assert.Equal(1, failed.RuleAlerts);
        Assert.Equal(3, failed.Meters);
        Assert.NotNull(failed.Model.Failure);
        Assert.Empty(_alerts.List(new AlertQuery { Kind = AlertKind.ModelScore }));
        Assert.True(_faults.Has(MeterScoring.FaultComponent));

        _time.Advance(TimeSpan.FromDays(1));
        _provider.Active = _models.Good(threshold: 0f);
        var recovered = _run.Execute();

        Assert.Null(recovered.Model.Failure);
        Assert.False(_faults.Has(MeterScoring.FaultComponent));
        Assert.Equal(3, recovered.Model.MetersScored);
        Assert.Equal(3, recovered.Model.AlertsRaised); // threshold 0: every scored meter alerts
        // The bypass finding repeats into the same open alert.
        var repeated = Assert.Single(_alerts.List(new AlertQuery { Kind = AlertKind.PulseRegisterMismatch }));
        Assert.Equal((bypass.Id, 2), (repeated.Id, repeated.Occurrences));
    }

    [Fact]
    public void Without_a_model_the_rules_still_run()
    {
        StoreReadings();

        var report = _run.Execute();

        Assert.Equal(1, report.RuleAlerts);
        Assert.Null(report.Model.ModelLabel);
        Assert.All(report.Model.Meters, m => Assert.Equal("no model installed", m.Reason));
    }

    [Fact]
    public void The_week_of_the_pulse_rule_takes_its_older_days_from_the_stored_daily_kwh_not_from_raw_readings()
    {
        // The default rules read raw readings for 3 days (zero-with-voltage's 3 days; reverse energy 1, bursts 2); the
        // pulse rule's week needs only daily sums. Stored days 2026-11-17..20 (as the store upkeep wrote them): S0 12 kWh,
        // E1 3 kWh. The raw readings of those days say E1 drew 12 kWh a day, as if honest; if the run read them, the
        // week would be 84 vs 4 x 12 + 3 x 3 = 57 kWh. Only 2026-11-21..23 come from raw readings (12 and 3 kWh a day),
        // so the evidence is the week of StoreReadings' test: 84 vs 21 kWh.
        var path = Path.Combine(_dir, "gateway.db");
        var readings = new List<MeterReading>();
        var start = new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);
        var rawFrom = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        long e1 = 2_000_000;
        for (var h = 0; start.AddHours(h) <= Now; h++)
        {
            var at = start.AddHours(h);
            readings.Add(Reading("s0-main", MeterProtocol.S0Pulse, at, 1_000_000 + (500L * h)));
            readings.Add(Reading("E1", MeterProtocol.DsmrP1, at, e1));
            e1 += at < rawFrom ? 500 : 125;
        }

        _store.Append(readings);
        using var days = DailyEnergyStore.Open(path);
        var stored = new DateOnly(2026, 11, 17);
        days.Upsert(new DailySeries("s0-main", stored, [12f, 12f, 12f, 12f], []));
        days.Upsert(new DailySeries("E1", stored, [3f, 3f, 3f, 3f], []));
        var run = RunOver(new MeterHistoryReader(_store, _ => new DailySeriesOptions(), () => [], days.Read));

        run.Execute();

        var bypass = Assert.Single(_alerts.List(new AlertQuery { Kind = AlertKind.PulseRegisterMismatch }));
        Assert.Equal(
            "S0 pulses (s0-main) counted 84.00 kWh but the register advanced 21.00 kWh over 2026-11-17..2026-11-23 (7 days both known): 63.00 kWh (75%) not registered, tolerance 4.20 kWh",
            bypass.Evidence);
    }

    public void Dispose()
    {
        _alerts.Dispose();
        _store.Dispose();
        _models.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A run with the default rules (an S0 pair on E1) over <paramref name="histories"/>.</summary>
    private ScoringRun RunOver(MeterHistoryReader histories)
    {
        var options = new ScoringOptions();
        return new ScoringRun(
            histories,
            LocalRules.Create(new RulesConfig(), [new MeterPair("s0-main", "E1")]),
            new MeterScoring(_alerts, _faults, options),
            _provider,
            _alerts,
            options,
            _time);
    }
}
