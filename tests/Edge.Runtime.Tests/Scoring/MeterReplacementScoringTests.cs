using Edge.MeterAdapter.Readings;
using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Daily;
using Edge.Runtime.Health;
using Edge.Runtime.Rules;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Runtime.Tests.Scoring;

/// <summary>
/// A meter swapped for one with a lower register, through the whole run (store -> daily series -> rules -> alerts):
/// declared, nothing is raised; the same readings undeclared, or with the declaration withdrawn, are a register running backwards.
/// </summary>
public sealed class MeterReplacementScoringTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SwapAt = new(2026, 11, 23, 10, 30, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-swap-run-").FullName;

    /// <summary>
    /// Hourly readings from 16 November 00:00 to the run: the S0 line on E1's supply counts 500 Wh an hour, and so does
    /// E1. At 10:30 on 23 November E1 is swapped: the old meter read 2_089_000 Wh at 10:00 (2_000_000 + 178 x 500) and
    /// 2_089_250 Wh when taken out; the new one starts at 0 and reads 250 Wh at 11:00, then 500 Wh more each hour.
    /// </summary>
    private static List<MeterReading> Readings()
    {
        var readings = new List<MeterReading>();
        for (var h = 0; Start.AddHours(h) <= Now; h++)
        {
            var at = Start.AddHours(h);
            readings.Add(Reading("s0-main", MeterProtocol.S0Pulse, at, 1_000_000 + (500L * h)));
            readings.Add(Reading("E1", MeterProtocol.DsmrP1, at, at < SwapAt ? 2_000_000 + (500L * h) : 250 + (500L * (h - 179))));
        }

        return readings;
    }

    private static MeterReading Reading(string meter, MeterProtocol protocol, DateTimeOffset at, long importWh) => new()
    {
        MeterId = meter,
        Protocol = protocol,
        GatewayTime = at,
        Energy = new EnergyRegisters { ImportTotalWh = importWh },
    };

    private (IReadOnlyList<Alert> Alerts, MeterHistory E1) Run(string name, bool declare, bool withdraw = false)
    {
        var path = Path.Combine(_dir, name + ".db");
        using var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = path });
        using var alerts = AlertStore.Open(new AlertStoreOptions { DatabasePath = path });
        using var replacements = MeterReplacementStore.Open(new MeterReplacementStoreOptions { DatabasePath = path, MeterIds = ["s0-main", "E1"] });
        store.Append(Readings());
        if (declare)
        {
            var declared = replacements.Declare(new ReplacementDeclaration("E1", SwapAt, OldFinalWh: 2_089_250, NewInitialWh: 0, "Ana", "display broken"), Now);
            if (withdraw)
            {
                replacements.Withdraw(declared.Id, "Bo", "no swap was made: the meter was reset", Now);
            }
        }

        var time = new FakeTimeProvider(Now);
        var options = new ScoringOptions();
        var histories = new MeterHistoryReader(store, _ => new DailySeriesOptions(), replacements.Replacements);
        var run = new ScoringRun(
            histories,
            LocalRules.Create(new RulesConfig(), [new MeterPair("s0-main", "E1")]),
            new MeterScoring(alerts, new FaultBoard(time), options),
            new RecordingModelProvider(),
            alerts,
            options,
            time);

        var report = run.Execute();
        Assert.Empty(report.RuleFailures);
        var e1 = histories.ReadAll(new DateOnly(2026, 11, 17), new DateOnly(2026, 11, 23), Now, rawDays: 7).Single(h => h.MeterId == "E1");
        return (alerts.List(new AlertQuery()), e1);
    }

    [Fact]
    public void A_declared_swap_to_a_lower_register_raises_nothing_and_its_day_is_counted_on_both_meters()
    {
        var (alerts, e1) = Run("declared", declare: true);

        Assert.Empty(alerts);

        // 23 November: 10 h x 500 Wh on the old meter to 10:00, then 10:00-11:00 = (2_089_250 - 2_089_000) on the old meter
        // + (250 - 0) on the new = 500 Wh, then 13 h x 500 Wh on the new meter: 24 x 500 Wh = 12 kWh, what the S0 line counted.
        Assert.Equal([12f, 12f, 12f, 12f, 12f, 12f, 12f], e1.Daily.Kwh);
        Assert.Empty(e1.Daily.Anomalies);
    }

    [Fact]
    public void The_same_readings_without_the_declaration_are_a_register_running_backwards()
    {
        var (alerts, e1) = Run("undeclared", declare: false);

        var alert = Assert.Single(alerts);
        Assert.Equal(("E1", AlertKind.ReverseEnergy), (alert.MeterId, alert.Kind));
        Assert.Equal(
            "import register went from 2089000 Wh at 2026-11-23 10:00 to 250 Wh at 2026-11-23 11:00 with no meter replacement declared since 2026-11-23 00:00 on a consumption-only meter",
            alert.Evidence);

        // The day of the drop is unknown, not zero or negative, so the pulse-register comparison leaves it out (no alert).
        Assert.True(float.IsNaN(e1.Daily.Kwh[^1]));
        Assert.Equal(RegisterAnomalyKind.NegativeDelta, Assert.Single(e1.Daily.Anomalies).Kind);
    }

    [Fact]
    public void A_declaration_withdrawn_as_a_mistake_leaves_the_drop_a_register_running_backwards_again()
    {
        var (alerts, e1) = Run("withdrawn", declare: true, withdraw: true);

        // As without the declaration: the withdrawn one is kept for the record but covers nothing.
        var alert = Assert.Single(alerts);
        Assert.Equal(("E1", AlertKind.ReverseEnergy), (alert.MeterId, alert.Kind));
        Assert.Equal(
            "import register went from 2089000 Wh at 2026-11-23 10:00 to 250 Wh at 2026-11-23 11:00 with no meter replacement declared since 2026-11-23 00:00 on a consumption-only meter",
            alert.Evidence);

        // 17..22 November: 24 h x 500 Wh = 12 kWh each; 23 November holds the drop, so it is unknown.
        Assert.Equal([12f, 12f, 12f, 12f, 12f, 12f], e1.Daily.Kwh[..^1]);
        Assert.True(float.IsNaN(e1.Daily.Kwh[^1]));
        Assert.Equal(RegisterAnomalyKind.NegativeDelta, Assert.Single(e1.Daily.Anomalies).Kind);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
