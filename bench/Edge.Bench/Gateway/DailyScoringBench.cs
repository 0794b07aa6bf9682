using System.Globalization;
using Edge.MeterAdapter.Readings;
using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Daily;
using Edge.Runtime.Health;
using Edge.Runtime.Rules;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Bench.Gateway;

/// <summary>
/// The gateway's daily scoring run (<see cref="ScoringRun.Execute"/>, no model installed: the rules and the reads they
/// need) on a store holding <c>days</c> days and an hour of one-second DSMR readings of <c>meters</c> meters, stored as
/// <see cref="UpkeepBench"/> stores them, with export tariffs and the power-failure counter as DSMR 5 meters send them;
/// every 4th meter draws nothing (so zero-with-voltage reads its voltages) and every 5th feeds 50 W back for an hour
/// (so reverse energy finds it). The run is at 01:00 after the last day, with the default rules except that
/// zero-with-voltage needs only the stored days. Measures CPU time of: reading the histories (daily series from the
/// import register; a scan per meter as before, and the reader's one scan of all meters), the rules over whole readings
/// (every row of each span as a <see cref="MeterReading"/>, reduced in .NET: what the rules did before the store reduced
/// spans in SQL), the rules as they run, and the whole run; checks that both rule paths find the same alerts with the
/// same evidence.
///   dotnet run -c Release --project bench/Edge.Bench -- daily-scoring [meters] [days]
/// </summary>
internal static class DailyScoringBench
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static int Run(string[] args)
    {
        var meters = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var days = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
        var dir = Directory.CreateTempSubdirectory("edge-daily-scoring-bench-");
        try
        {
            var path = Path.Combine(dir.FullName, "gateway.db");
            var ids = UpkeepBench.MeterIds(meters);
            var now = Start.AddDays(days).AddHours(1);
            using var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = path, RawRetention = TimeSpan.FromDays(30) });
            var fill = CpuClock.Seconds;
            UpkeepBench.Fill(store, ids, Start.AddHours(-1), now.AddSeconds(1), Dsmr5);
            Console.WriteLine(FormattableString.Invariant(
                $"store: {meters} meters, one reading a second from {Start.AddHours(-1):yyyy-MM-dd HH:mm} to {now:yyyy-MM-dd HH:mm}, {new FileInfo(path).Length / 1048576.0:F0} MiB, filled in {CpuClock.Seconds - fill:F0} CPU-s; the run is at {now:yyyy-MM-dd HH:mm}"));

            var config = new RulesConfig();
            config.ZeroWithVoltage.Days = days;
            var rules = LocalRules.Create(config, []);
            using var alerts = AlertStore.Open(new AlertStoreOptions { DatabasePath = path });
            var time = new FixedTime(now);
            var options = new ScoringOptions();
            var reader = new MeterHistoryReader(store, _ => new DailySeriesOptions(), () => []);
            var lastDay = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
            var firstDay = lastDay.AddDays(1 - rules.LookbackDays);

            // Without stored days the reader builds every day of the lookback from raw readings, as the old path did.
            var oldRead = UpkeepBench.Measure("histories, a scan per meter", () =>
            {
                foreach (var id in ids)
                {
                    DailySeriesBuilder.Build(id, store.ImportRegister(id, new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), now.AddTicks(1)), [], firstDay, lastDay, new DailySeriesOptions());
                }
            });
            IReadOnlyList<MeterHistory> histories = [];
            var read = UpkeepBench.Measure("histories, one scan (ReadAll)", () => histories = reader.ReadAll(firstDay, lastDay, now, rules.RawLookbackDays));
            var reduced = new RuleInput(histories.ToDictionary(h => h.MeterId, StringComparer.Ordinal), now, TimeZoneInfo.Utc);
            var whole = reduced with { Meters = histories.ToDictionary(h => h.MeterId, h => h with { Readings = new WholeReadings(h.Readings) }, StringComparer.Ordinal) };

            List<(string, AlertKind, string)> before = [], after = [];
            double oldRules = double.MaxValue, newRules = double.MaxValue;
            for (var round = 1; round <= 2; round++)
            {
                oldRules = Math.Min(oldRules, UpkeepBench.Measure(FormattableString.Invariant($"rules, whole readings ({round})"), () => before = Findings(rules, whole)));
                newRules = Math.Min(newRules, UpkeepBench.Measure(FormattableString.Invariant($"rules, reduced in SQL ({round})"), () => after = Findings(rules, reduced)));
            }

            if (!before.SequenceEqual(after))
            {
                Console.Error.WriteLine("the two rule paths found different alerts:");
                Console.Error.WriteLine(string.Join(Environment.NewLine, before.Select(f => "  whole:   " + f).Concat(after.Select(f => "  reduced: " + f))));
                return 1;
            }

            var run = new ScoringRun(reader, rules, new MeterScoring(alerts, new FaultBoard(time), options), NoModel.Instance, alerts, options, time);
            var execute = UpkeepBench.Measure("ScoringRun.Execute", () => run.Execute());
            Console.WriteLine(FormattableString.Invariant(
                $"{after.Count} alerts ({string.Join(", ", after.GroupBy(f => f.Item2).Select(g => $"{g.Count()} {g.Key}"))}), the same on both paths"));
            Console.WriteLine(FormattableString.Invariant(
                $"rules: reduced/whole CPU {newRules / oldRules:F3} ({oldRules / newRules:F1}x less); histories: one scan/per meter {read / oldRead:F3}; old run ~{oldRead + oldRules:F2} CPU-s (histories per meter + rules over whole readings), measured run {execute:F2} CPU-s: {execute / (oldRead + oldRules):F3} ({(oldRead + oldRules) / execute:F1}x less)"));
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Export tariffs that never move, the power-failure counter (rising by one on the 2nd and 3rd hour of each day);
    /// every 4th meter idle, every 5th feeding 50 W back from 20:00 to 21:00.
    /// </summary>
    private static MeterReading Dsmr5(MeterReading reading)
    {
        var meter = int.Parse(reading.MeterId.AsSpan(1), CultureInfo.InvariantCulture);
        var at = reading.GatewayTime;
        var hour = at.Hour;
        var failures = (3 * (int)(at - Start).TotalDays) + (hour >= 2 ? 1 : 0) + (hour >= 3 ? 1 : 0);
        var energy = reading.Energy with { ExportTariff1Wh = 2_000, ExportTariff2Wh = 3_000 };
        var instant = reading.Instant;
        if (meter % 4 == 0)
        {
            energy = energy with { ImportTariff1Wh = 500_000, ImportTariff2Wh = 500_000 };
            instant = instant with { ImportPowerW = 0 };
        }
        else if (meter % 5 == 0 && hour == 20)
        {
            instant = instant with { ImportPowerW = 0, ExportPowerW = 50 };
        }

        return reading with { Energy = energy, Instant = instant, Events = new MeterEvents { PowerFailures = failures } };
    }

    private static List<(string, AlertKind, string)> Findings(LocalRules rules, RuleInput input)
    {
        var (findings, failures) = rules.Evaluate(input);
        if (failures.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", failures));
        }

        return [.. findings.Select(a => (a.MeterId, a.Kind, a.Evidence)).Order()];
    }

    /// <summary>
    /// The same readings, every reduction done in .NET over whole readings streamed from the store (the reductions'
    /// one-pass definitions in <see cref="RawReadings"/>), as the rules read them before.
    /// </summary>
    private sealed class WholeReadings(RawReadings stored) : RawReadings(stored.From, stored.To)
    {
        protected override IEnumerable<MeterReading> Read(DateTimeOffset from, DateTimeOffset to) => stored.Between(from, to);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class NoModel : IModelProvider
    {
        public static readonly NoModel Instance = new();

        public Edge.Runtime.Scoring.ScoringModel? Active => null;

        public void ReportOutcome(Edge.Runtime.Scoring.ScoringModel model, ModelRunOutcome outcome)
        {
        }
    }
}
