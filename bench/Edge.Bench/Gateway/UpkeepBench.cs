using System.Globalization;
using Edge.MeterAdapter.Readings;
using Edge.Runtime.Daily;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Bench.Gateway;

/// <summary>
/// The gateway's hourly store upkeep (daily kWh from raw readings) on a store holding two days and an hour of
/// one-second DSMR readings (tariff registers, as DSMR meters report them) of <c>meters</c> meters, interleaved as the
/// writer stores them. Measures CPU time and allocated bytes of: the list path (what upkeep did before: every raw
/// reading since yesterday as a whole reading, then the series), the same rows' register points alone (read per meter,
/// and in one scan of all meters as upkeep reads them now), the first pass
/// after a start, and two later hourly passes (one while yesterday can still change, one after).
///   dotnet run -c Release --project bench/Edge.Bench -- upkeep [meters] [--covering-index]
/// </summary>
internal static class UpkeepBench
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static int Run(string[] args)
    {
        var meters = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var dir = Directory.CreateTempSubdirectory("edge-upkeep-bench-");
        try
        {
            var path = Path.Combine(dir.FullName, "gateway.db");
            var ids = MeterIds(meters);
            using var readings = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = path, RawRetention = TimeSpan.FromDays(30) });
            using var daily = DailyEnergyStore.Open(path);
            using var replacements = MeterReplacementStore.Open(new MeterReplacementStoreOptions { DatabasePath = path, MeterIds = ids });
            var options = new StoreMaintenanceOptions { Meters = [.. ids.Select(id => new MeterRegister(id, null))], Progress = new AggregationProgress() };
            void Pass(DateTimeOffset at) => new StoreMaintenance(readings, daily, replacements, options).RunOnce(at);

            // Day 1 is stored by a pass just after it ended, as on a gateway that has run for a while; then the gateway
            // restarts (fresh progress) at day 3 01:00.
            Fill(readings, ids, Day1, Day1.AddDays(1).AddHours(0.5));
            Pass(Day1.AddDays(1).AddHours(0.5));
            var now = Day1.AddDays(2).AddHours(1);
            Fill(readings, ids, Day1.AddDays(1).AddHours(0.5), now);
            if (args.Contains("--covering-index"))
            {
                Execute(path, "CREATE INDEX readings_import ON readings (meter_id, gateway_time_ms, gateway_offset_min, import_total_wh, import_t1_wh, import_t2_wh)");
            }

            Console.WriteLine(FormattableString.Invariant(
                $"store: {meters} meters, one reading a second from {Day1:yyyy-MM-dd HH:mm} to {now:yyyy-MM-dd HH:mm}, {new FileInfo(path).Length / 1048576.0:F0} MiB; the gateway restarts at {now:HH:mm}"));

            var yesterday = Day1.AddDays(1) - new DailySeriesOptions().MaxAttributableGap;
            var list = Measure("list path (before), 01:00", () => ListPath(readings, ids, yesterday, now));
            Measure("scan per meter, 01:00", () => ids.Sum(id => readings.ImportRegister(id, yesterday, now.AddTicks(1)).LongCount()));
            Measure("one scan of all, 01:00", () => readings.ImportRegisters(yesterday, now.AddTicks(1)).LongCount());
            options = options with { Progress = new AggregationProgress() };
            var first = Measure("first pass after a start", () => Pass(now));
            Fill(readings, ids, now, now.AddHours(1));
            var early = Measure("hourly pass at 02:00", () => Pass(now.AddHours(1)));
            Fill(readings, ids, now.AddHours(1), now.AddHours(5));
            Pass(now.AddHours(2));
            Pass(now.AddHours(3));
            Pass(now.AddHours(4));
            var late = Measure("hourly pass at 06:00", () => Pass(now.AddHours(5)));
            Console.WriteLine(FormattableString.Invariant(
                $"CPU time as a fraction of the list path's: first pass {first / list:F3}, pass at 02:00 {early / list:F3}, pass at 06:00 {late / list:F4}"));
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The old upkeep: each meter's readings since yesterday read as whole readings, then built into days.</summary>
    private static long ListPath(ReadingStore readings, List<string> ids, DateTimeOffset from, DateTimeOffset now)
    {
        var options = new DailySeriesOptions();
        long rows = 0;
        foreach (var id in ids)
        {
            var raw = readings.Read(id, from, now.AddTicks(1));
            DailySeriesBuilder.Build(id, raw, [], DateOnly.FromDateTime(Day1.AddDays(1).UtcDateTime), DateOnly.FromDateTime(now.UtcDateTime), options);
            rows += raw.Count;
        }

        return rows;
    }

    private static double Measure(string name, Func<long> action) => Measure(name, () =>
    {
        var rows = action();
        Console.Write(FormattableString.Invariant($"{rows,10:N0} rows  "));
    });

    /// <summary>Prints CPU time, wall time, allocations and gen-2 collections of <paramref name="action"/>; returns the CPU-s.</summary>
    internal static double Measure(string name, Action action)
    {
        GC.Collect();
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = CpuClock.Seconds;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        Console.Write(FormattableString.Invariant($"{name,-28} "));
        action();
        var seconds = CpuClock.Seconds - cpu;
        Console.WriteLine(FormattableString.Invariant(
            $"{seconds,7:F2} CPU-s  {wall.Elapsed.TotalSeconds,7:F2} s wall  {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0,8:F1} MiB allocated  {GC.CollectionCount(2) - gen2,3} gen-2 GCs"));
        return seconds;
    }

    /// <summary>Meter ids E001, E002, ...</summary>
    internal static List<string> MeterIds(int meters) =>
        [.. Enumerable.Range(1, meters).Select(m => string.Create(CultureInfo.InvariantCulture, $"E{m:D3}"))];

    /// <summary>
    /// One reading a second per meter in [from, to), every meter each second, drawing 100 W; <paramref name="dress"/>
    /// changes or adds to a reading before it is stored (other benches' meters).
    /// </summary>
    internal static void Fill(ReadingStore readings, List<string> ids, DateTimeOffset from, DateTimeOffset to, Func<MeterReading, MeterReading>? dress = null)
    {
        var batch = new List<MeterReading>(8192);
        for (var t = from; t < to; t = t.AddSeconds(1))
        {
            var wh = 1_000_000 + (long)((t - Day1).TotalHours * 100);
            foreach (var id in ids)
            {
                var reading = new MeterReading
                {
                    MeterId = id,
                    Protocol = MeterProtocol.DsmrP1,
                    GatewayTime = t,
                    Energy = new EnergyRegisters { ImportTariff1Wh = wh / 2, ImportTariff2Wh = wh - (wh / 2) },
                    Instant = new InstantaneousValues { ImportPowerW = 100, VoltageV = [230.1, 229.8, 231.0] },
                };
                batch.Add(dress is null ? reading : dress(reading));
            }

            if (batch.Count >= 8000)
            {
                readings.Append(batch);
                batch.Clear();
            }
        }

        readings.Append(batch);
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
