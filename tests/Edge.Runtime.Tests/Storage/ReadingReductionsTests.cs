using CsCheck;
using Edge.MeterAdapter.Readings;
using Edge.Runtime.Rules;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Edge.Runtime.Tests.Rules;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Tests.Storage;

/// <summary>
/// The reductions SQLite does for the rules (ReadingStore.Reductions, through <see cref="StoredReadings"/>) equal the
/// one-pass reductions <see cref="RawReadings"/> defines, run over the same meter's readings read back from the store
/// (<see cref="ListedReadings"/>), on random readings of three meters stored interleaved: times on a minute grid, so
/// that they repeat and fall on span edges, some a few milliseconds or a fraction of one off it, in three UTC offsets;
/// each register, power, voltage and counter sometimes absent; counters that go down (a reset); spans and bounds on,
/// just before and just after readings and beyond them all.
/// </summary>
public sealed class ReadingReductionsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Meters = ["m0", "m1", "m2"];

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-reductions-").FullName;

    /// <summary>A minute of a 40-minute grid, sometimes 3 ms or half a millisecond after it, in UTC, +01:00 or -05:00.</summary>
    private static readonly Gen<DateTimeOffset> GenTime =
        Gen.Select(Gen.Int[0, 40], Gen.Frequency((6, Gen.Const(0L)), (1, Gen.Const(3 * TimeSpan.TicksPerMillisecond)), (1, Gen.Const(TimeSpan.TicksPerMillisecond / 2))), Gen.OneOf(Gen.Const(0), Gen.Const(60), Gen.Const(-300)))
            .Select((minute, ticks, offset) => T0.AddMinutes(minute).AddTicks(ticks).ToOffset(TimeSpan.FromMinutes(offset)));

    /// <summary>A bound: a grid minute, a tick before or after it, or far outside the readings.</summary>
    private static readonly Gen<DateTimeOffset> GenBound =
        Gen.Frequency(
            (8, Gen.Select(Gen.Int[-1, 42], Gen.OneOf(Gen.Const(0L), Gen.Const(0L), Gen.Const(-1L), Gen.Const(1L))).Select((minute, ticks) => T0.AddMinutes(minute).AddTicks(ticks))),
            (1, Gen.OneOf(Gen.Const(T0.AddDays(-400)), Gen.Const(T0.AddDays(400)))));

    /// <summary>Watts, mostly whole (so some equal a whole threshold), sometimes absent or -0 (the store refuses NaN).</summary>
    private static readonly Gen<double?> GenWatts =
        Gen.Frequency((6, Gen.Int[-300, 300].Select(w => (double?)w)), (2, Gen.Double[-300, 300].Select(w => (double?)w)), (3, Gen.Const(default(double?))), (1, Gen.Const<double?>(-0.0)));

    private static readonly Gen<MeterReading> GenReading =
        Gen.Select(
            Gen.Int[0, Meters.Length - 1],
            GenTime,
            Gen.Select(Gen.Long[0, 5000].Nullable(0.5), Gen.Long[0, 5000].Nullable(0.5), Gen.Long[0, 5000].Nullable(0.7)),
            Gen.Select(GenWatts, GenWatts, Gen.Double[0, 260].Nullable(0.3).Array[0, 3]),
            Gen.Select(Gen.Int[0, 9].Nullable(0.3), Gen.Int[0, 9].Nullable(0.3)))
        .Select((meter, at, export, instant, counters) => new MeterReading
        {
            MeterId = Meters[meter],
            Protocol = MeterProtocol.DsmrP1,
            GatewayTime = at,
            Energy = new EnergyRegisters { ExportTariff1Wh = export.Item1, ExportTariff2Wh = export.Item2, ExportTotalWh = export.Item3 },
            Instant = new InstantaneousValues { ImportPowerW = instant.Item1, ExportPowerW = instant.Item2, VoltageV = instant.Item3 },
            Events = new MeterEvents { TamperEvents = counters.Item1, PowerFailures = counters.Item2 },
        });

    /// <summary>Readings, then a span of the source and a query's (from, to, before, minimum watts) for each meter.</summary>
    private static readonly Gen<(MeterReading[] Readings, (DateTimeOffset SpanFrom, DateTimeOffset SpanTo, DateTimeOffset From, DateTimeOffset To, DateTimeOffset Before, double MinimumW)[] Queries)> GenCase =
        Gen.Select(
            GenReading.Array[0, 90],
            Gen.Select(Ordered, Ordered, GenBound, Gen.Frequency((3, Gen.Int[0, 200].Select(w => (double)w)), (1, Gen.Double[0, 200])))
                .Select((span, query, before, minimumW) => (span.Item1, span.Item2, query.Item1, query.Item2, before, minimumW))
                .Array[Meters.Length]);

    /// <summary>Two bounds, the earlier first (an empty span now and then, when they are equal).</summary>
    private static Gen<(DateTimeOffset, DateTimeOffset)> Ordered => Gen.Select(GenBound, GenBound).Select((a, b) => a <= b ? (a, b) : (b, a));

    [Fact]
    public void Reductions_in_SQL_equal_the_one_pass_reductions_of_the_readings_read_back()
    {
        var onEdge = 0;
        var rising = 0;
        GenCase.Sample((readings, queries) =>
        {
            var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".db");
            using (var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = path }))
            {
                store.Append(readings);
                for (var m = 0; m < Meters.Length; m++)
                {
                    var (spanFrom, spanTo, from, to, before, minimumW) = queries[m];
                    var stored = new StoredReadings(store, null, Meters[m], spanFrom, spanTo);
                    var readBack = store.Read(Meters[m], T0.AddDays(-400), T0.AddDays(400));
                    var listed = new ListedReadings(readBack, spanFrom, spanTo);

                    Assert.Equal(listed.ReversePowerBetween(from, to, minimumW), stored.ReversePowerBetween(from, to, minimumW));
                    Assert.Equal(listed.HighestVoltageBetween(from, to), stored.HighestVoltageBetween(from, to));
                    foreach (var counter in Enum.GetValues<EventCounter>())
                    {
                        var rise = listed.CounterRiseBetween(from, to, counter);
                        Assert.Equal(Exactly(rise), Exactly(stored.CounterRiseBetween(from, to, counter)));
                        Assert.Equal(Exactly(listed.LastCountBefore(before, counter)), Exactly(stored.LastCountBefore(before, counter)));
                        Interlocked.Add(ref rising, rise.Events > 0 ? 1 : 0);
                    }

                    // A reading exactly on a bound: the first is in, the second not; an off-by-one there must show.
                    var bounds = new[] { from, to, spanFrom, spanTo };
                    Interlocked.Add(ref onEdge, readBack.Any(r => bounds.Contains(r.GatewayTime)) ? 1 : 0);
                }
            }

            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }, iter: 150, seed: "0Reductions1");

        Assert.True(onEdge > 100, $"only {onEdge} of 450 queries have a reading on a bound: the cases hardly test the bounds");
        Assert.True(rising > 150, $"only {rising} of 900 counter spans rose: the cases hardly test the sums");
    }

    [Fact]
    public void Every_reduction_searches_the_meter_time_index_without_a_sort()
    {
        using var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = Path.Combine(_dir, "plans.db") });
        Assert.Equal(10, ReadingStore.ReductionStatements.Count()); // reverse power and its export register twice; voltage; per counter its counts, first and last
        Assert.All(ReadingStore.ReductionStatements, sql =>
        {
            var plan = string.Join(" | ", store.QueryPlan(sql));
            Assert.Contains("SEARCH readings USING INDEX readings_by_meter_time (meter_id=? AND gateway_time_ms>? AND gateway_time_ms<?)", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("SCAN readings", plan, StringComparison.Ordinal);
        });
    }

    /// <summary>DateTimeOffset equality ignores the offset, which the evidence shows: compare it too.</summary>
    private static (int, long, TimeSpan, int, long, TimeSpan, int, int) Exactly(CounterRise r) =>
        (r.Readings, r.First.Time.UtcTicks, r.First.Time.Offset, r.First.Count, r.Last.Time.UtcTicks, r.Last.Time.Offset, r.Last.Count, r.Events);

    private static (long, TimeSpan, int)? Exactly((DateTimeOffset Time, int Count)? last) =>
        last is { } l ? (l.Time.UtcTicks, l.Time.Offset, l.Count) : null;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
