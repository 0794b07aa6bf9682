using Edge.MeterAdapter.Readings;
using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Daily;
using Edge.Runtime.Health;
using Edge.Runtime.Rules;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Edge.Runtime.Tests.Rules;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Runtime.Tests.Scoring;

/// <summary>
/// A scoring run over a real store, whose rules stream the readings from SQLite, finds what the list reference finds
/// over the same readings read back as a list; readings stored after the run's instant change nothing; the store's
/// lifetime guard lets a read in progress finish and refuses reads after it closes.
/// </summary>
public sealed class StreamedScoringRunTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly LastDay = new(2026, 11, 23);
    private static readonly string[] MeterIds = ["dsmr-idle", "noisy", "rev"];

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-streamed-run-").FullName;
    private readonly string _path;
    private readonly ReadingStore _store;

    public StreamedScoringRunTests()
    {
        _path = Path.Combine(_dir, "gateway.db");
        _store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = _path });
    }

    /// <summary>
    /// Every 10 min for the 8 days up to the run, and at the run's instant:
    /// "dsmr-idle" reports only its tariff registers (as DSMR does), never advancing, 231.5 V on L1 and 229 V on L3;
    /// "rev" advances 20 Wh a reading, has an export register only from 10 h before the run, random power in both
    /// directions and random tamper and power-failure counters (so they go down too), every 7th time twice;
    /// "noisy" has every value random and each sometimes absent, its import register only ever rising.
    /// </summary>
    private static List<MeterReading> Readings()
    {
        var random = new Random(20261124);
        int? Maybe(int max) => random.Next(4) == 0 ? null : random.Next(max + 1);
        var start = Now.AddDays(-8);
        var readings = new List<MeterReading>();
        long noisyWh = 0;
        for (var slot = 0; start.AddMinutes(10 * slot) <= Now; slot++)
        {
            var at = start.AddMinutes(10 * slot);
            readings.Add(Reading("dsmr-idle", at) with
            {
                Energy = new EnergyRegisters { ImportTariff1Wh = 1_000_000, ImportTariff2Wh = 2_000_000 },
                Instant = new InstantaneousValues { VoltageV = [231.5, null, 229] },
            });
            for (var twice = 0; twice < (slot % 7 == 0 ? 2 : 1); twice++)
            {
                readings.Add(Reading("rev", at) with
                {
                    Energy = new EnergyRegisters { ImportTotalWh = 5_000 + (20L * slot), ExportTotalWh = at >= Now.AddHours(-10) ? 700 + random.Next(2) + slot : null },
                    Instant = new InstantaneousValues { ImportPowerW = random.Next(-200, 2000) },
                    Events = new MeterEvents { TamperEvents = random.Next(5), PowerFailures = random.Next(4) },
                });
            }

            noisyWh += random.Next(30);
            readings.Add(Reading("noisy", at) with
            {
                Energy = new EnergyRegisters { ImportTotalWh = random.Next(5) == 0 ? null : noisyWh, ExportTotalWh = Maybe(40) },
                Instant = new InstantaneousValues
                {
                    ImportPowerW = random.Next(4) == 0 ? null : random.Next(-50, 500),
                    ExportPowerW = random.Next(4) == 0 ? null : random.Next(30),
                    VoltageV = [Maybe(240), Maybe(240)],
                },
                Events = new MeterEvents { TamperEvents = Maybe(3), PowerFailures = Maybe(3) },
            });
        }

        return readings;
    }

    /// <summary>Readings stamped after the run's instant, each of which would change a finding if it were read.</summary>
    private static List<MeterReading> Later() =>
    [
        .. MeterIds.SelectMany(id => Enumerable.Range(1, 12).Select(i => Reading(id, Now.AddMilliseconds(i * 600_000.0 / 12)) with
        {
            Energy = new EnergyRegisters { ImportTariff1Wh = 9_000_000 + i, ImportTotalWh = 9_000_000 + i, ExportTotalWh = 90_000 * i },
            Instant = new InstantaneousValues { ImportPowerW = -5000, VoltageV = [0.0] },
            Events = new MeterEvents { TamperEvents = 100 * i, PowerFailures = 100 * i },
        })),
    ];

    private static MeterReading Reading(string meter, DateTimeOffset at) => new() { MeterId = meter, Protocol = MeterProtocol.DsmrP1, GatewayTime = at };

    private static List<(AlertKind, string, string)> Reference(IReadOnlyList<MeterHistory> histories, Dictionary<string, MeterReading[]> stored)
    {
        var input = new RuleInput(histories.ToDictionary(h => h.MeterId, StringComparer.Ordinal), Now, TimeZoneInfo.Utc);
        var rules = new RulesConfig();
        return
        [
            .. ListRuleReference.ReverseEnergy(stored, input, rules.ReverseEnergy).Select(f => (AlertKind.ReverseEnergy, f.Meter, f.Evidence)),
            .. ListRuleReference.EventBurst(stored, input, "tamper", e => e.TamperEvents, rules.TamperBurst).Select(f => (AlertKind.TamperBurst, f.Meter, f.Evidence)),
            .. ListRuleReference.EventBurst(stored, input, "power-failure", e => e.PowerFailures, rules.PowerFailureBurst).Select(f => (AlertKind.PowerFailureBurst, f.Meter, f.Evidence)),
            .. ListRuleReference.ZeroWithVoltage(stored, input, rules.ZeroWithVoltage).Select(f => (AlertKind.ZeroWithVoltage, f.Meter, f.Evidence)),
        ];
    }

    /// <summary>Every stored reading of each meter as a list, up to the run's instant, as the rules used to get them.</summary>
    private Dictionary<string, MeterReading[]> StoredUpToNow() =>
        MeterIds.ToDictionary(id => id, id => _store.Read(id, DateTimeOffset.UnixEpoch, Now.AddTicks(1)).ToArray(), StringComparer.Ordinal);

    private static List<(AlertKind, string, string)> Sorted(IEnumerable<(AlertKind Kind, string Meter, string Evidence)> findings) =>
        [.. findings.OrderBy(f => f.Kind).ThenBy(f => f.Meter, StringComparer.Ordinal)];

    [Fact]
    public void A_run_over_the_store_finds_what_the_list_reference_finds_with_the_same_days()
    {
        _store.Append(Readings());
        var stored = StoredUpToNow();
        using var alerts = AlertStore.Open(new AlertStoreOptions { DatabasePath = _path });
        var time = new FakeTimeProvider(Now);
        var options = new ScoringOptions();
        var reader = new MeterHistoryReader(_store, _ => new DailySeriesOptions(), () => []);
        var run = new ScoringRun(reader, LocalRules.Create(new RulesConfig(), []), new MeterScoring(alerts, new FaultBoard(time), options), new RecordingModelProvider(), alerts, options, time);

        var report = run.Execute();

        // The run reads 7 days (the pulse rule's period); the days are those of the list-based series builder.
        var histories = reader.ReadAll(LastDay.AddDays(-6), LastDay, Now, rawDays: 7);
        foreach (var history in histories)
        {
            var listed = DailySeriesBuilder.Build(history.MeterId, stored[history.MeterId], [], LastDay.AddDays(-6), LastDay, new DailySeriesOptions());
            Assert.Equal(listed.Kwh, history.Daily.Kwh);
        }

        Assert.Equal([0f, 0f, 0f, 0f, 0f, 0f, 0f], histories.Single(h => h.MeterId == "dsmr-idle").Daily.Kwh); // tariffs only, never advancing
        var expected = Sorted(Reference(histories, stored));
        Assert.Contains(expected, f => f is (AlertKind.ZeroWithVoltage, "dsmr-idle", _));
        Assert.Contains(expected, f => f is (AlertKind.ReverseEnergy, "rev", _));
        Assert.Contains(expected, f => f is (AlertKind.TamperBurst, "rev", _));
        Assert.Empty(report.RuleFailures);
        Assert.Equal(expected, Sorted(alerts.List(new AlertQuery()).Select(a => (a.Kind, a.MeterId, a.Evidence))));
    }

    [Fact]
    public void Readings_stored_after_the_run_instant_while_the_rules_run_change_nothing()
    {
        _store.Append(Readings());
        var stored = StoredUpToNow();
        var histories = new MeterHistoryReader(_store, _ => new DailySeriesOptions(), () => []).ReadAll(LastDay.AddDays(-6), LastDay, Now, rawDays: 7);

        // The writer goes on storing while the run's rules read.
        _store.Append(Later());
        var (findings, failures) = LocalRules.Create(new RulesConfig(), []).Evaluate(new RuleInput(histories.ToDictionary(h => h.MeterId, StringComparer.Ordinal), Now, TimeZoneInfo.Utc));

        Assert.Empty(failures);
        Assert.Equal(Sorted(Reference(histories, stored)), Sorted(findings.Select(a => (a.Kind, a.MeterId, a.Evidence))));
    }

    [Fact]
    public async Task Closing_the_store_waits_for_a_read_in_progress_and_refuses_reads_after()
    {
        var readings = Readings();
        _store.Append(readings);
        var lifetime = new ReadingStoreLifetime();
        var history = new MeterHistoryReader(_store, _ => new DailySeriesOptions(), () => [], lifetime: lifetime)
            .ReadAll(LastDay.AddDays(-6), LastDay, Now, rawDays: 7)
            .Single(h => h.MeterId == "rev");
        var expected = _store.Read("rev", history.Readings.From, Now.AddTicks(1)).Count;

        // The host stops (closes, then disposes the store) while a rule is one reading into its span.
        Task closing;
        using (var read = history.Readings.Between(history.Readings.From, Now.AddTicks(1)).GetEnumerator())
        {
            Assert.True(read.MoveNext());
            closing = Task.Run(() =>
            {
                lifetime.Close();
                _store.Dispose();
            });

            var count = 1;
            while (read.MoveNext())
            {
                count++;
            }

            Assert.Equal(expected, count); // the whole span, from a store that stayed open
            Assert.False(closing.IsCompleted); // still waiting for this read to end
        }

        await closing.WaitAsync(TimeSpan.FromSeconds(30)); // closing ends once the read has
        var refused = Assert.Throws<ObjectDisposedException>(() => history.Readings.Between(history.Readings.From, Now).Any());
        Assert.Contains("reading store is closed", refused.Message, StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => new MeterHistoryReader(_store, _ => new DailySeriesOptions(), () => [], lifetime: lifetime).ReadAll(LastDay, LastDay, Now, 1));
    }

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
