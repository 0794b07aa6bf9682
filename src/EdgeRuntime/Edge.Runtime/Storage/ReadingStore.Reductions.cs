using Edge.Runtime.Rules;

namespace Edge.Runtime.Storage;

/// <summary>
/// The rules' reductions of one meter's readings in [from, to), done by SQLite so that only their results cross into
/// .NET instead of a whole reading per row (86,400 rows a meter-day at one telegram a second). Each gives what the
/// one-pass reduction over <see cref="Stream"/> gives (<see cref="RawReadings"/> defines them; a property test holds the
/// two equal): the same rows, bounds and order (gateway time, then insertion). Each statement searches the
/// (meter_id, gateway_time_ms) index, needs no sort, and reads only the columns it needs.
/// </summary>
public sealed partial class ReadingStore
{
    /// <summary>The rows of one meter in the span; the index (meter_id, gateway_time_ms) finds them.</summary>
    private const string OfMeterInSpan = "meter_id = $meter AND gateway_time_ms >= $from AND gateway_time_ms < $to";

    /// <summary>Oldest first as <see cref="Stream"/>; the index holds equal times in rowid order, so no sort is needed.</summary>
    private const string Oldest = "ORDER BY gateway_time_ms, id";

    private const string Newest = "ORDER BY gateway_time_ms DESC, id DESC";

    /// <summary>Power flowing back in W, as <see cref="Rules.ReversePower"/>: negative import power or export power, the larger, 0 without either.</summary>
    private const string WattsBack = "max(CASE WHEN import_power_w < 0 THEN -import_power_w ELSE 0.0 END, coalesce(export_power_w, 0.0))";

    private static readonly string ReversePowerSql = $"""
        SELECT count(*), count(export_wh), coalesce(sum(w >= $minimum), 0), max(CASE WHEN w >= $minimum THEN w END)
        FROM (SELECT {RegisterTotal("export")} AS export_wh, {WattsBack} AS w FROM readings WHERE {OfMeterInSpan})
        """;

    private const string HighestVoltageSql = $"SELECT max(voltage_l1_v), max(voltage_l2_v), max(voltage_l3_v) FROM readings WHERE {OfMeterInSpan}";

    /// <summary>Every statement of the reductions, for a test of their query plans (bound to no particular meter or span).</summary>
    internal static IEnumerable<string> ReductionStatements =>
    [
        ReversePowerSql,
        ExportSql(Oldest),
        ExportSql(Newest),
        HighestVoltageSql,
        .. Enum.GetValues<EventCounter>().SelectMany(c => new[] { CountsSql(Column(c)), CountSql(Column(c), Oldest), CountSql(Column(c), Newest) }),
    ];

    /// <summary><see cref="Rules.ReversePower.Over"/> of the meter's readings in [from, to).</summary>
    internal ReversePower ReversePower(string meterId, DateTimeOffset from, DateTimeOffset to, double minimumW)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        var (count, exportCount, reverseCount, maxReverse) = Rows(
            ReversePowerSql,
            meterId,
            from,
            to,
            row => (row.GetInt32(0), row.GetInt32(1), row.GetInt32(2), row.IsDBNull(3) ? double.NegativeInfinity : row.GetDouble(3)),
            ("$minimum", minimumW)).Single();
        if (exportCount == 0)
        {
            return new ReversePower(count, 0, 0, 0, reverseCount, maxReverse);
        }

        // Only when there is one: without an export register these would read the whole span to find none.
        long Export(string order) => Rows(ExportSql(order), meterId, from, to, row => row.GetInt64(0)).Single();
        return new ReversePower(count, exportCount, Export(Oldest), Export(Newest), reverseCount, maxReverse);
    }

    /// <summary>
    /// <see cref="Rules.CounterRise.Over"/> of the meter's readings in [from, to): their counts in stored order, folded
    /// here by the same <see cref="Rules.CounterRise.Then"/>, then the times of the first and last. Not a LAG window in
    /// SQL: SQLite copies every row of a window into a temporary table first, which cost three quarters of this
    /// reduction (and temporary-file writes) on a day of one-second readings; one integer a row crossing over costs less.
    /// </summary>
    internal CounterRise CounterRise(string meterId, DateTimeOffset from, DateTimeOffset to, EventCounter counter)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        var column = Column(counter);
        var rise = default(CounterRise);
        foreach (var count in Rows(CountsSql(column), meterId, from, to, row => row.GetInt32(0)))
        {
            rise = rise.Then(default, count);
        }

        return rise.Readings == 0
            ? default
            : rise with { First = Count(meterId, from, to, column, Oldest)!.Value, Last = Count(meterId, from, to, column, Newest)!.Value };
    }

    /// <summary>The time and value of the meter's last reading in [from, to) that has <paramref name="counter"/>, or null.</summary>
    internal (DateTimeOffset Time, int Count)? LastCount(string meterId, DateTimeOffset from, DateTimeOffset to, EventCounter counter)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        return Count(meterId, from, to, Column(counter), Newest);
    }

    /// <summary>
    /// <see cref="SupplyVoltage.Highest"/> of the meter's readings in [from, to): the highest stored phase voltage,
    /// -infinity when none is stored (SQLite stores NaN as NULL, so no NaN comes back).
    /// </summary>
    internal double HighestVoltage(string meterId, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        return Rows(HighestVoltageSql, meterId, from, to, row =>
        {
            var highest = double.NegativeInfinity;
            for (var phase = 0; phase < row.FieldCount; phase++)
            {
                highest = row.IsDBNull(phase) ? highest : Math.Max(highest, row.GetDouble(phase));
            }

            return highest;
        }).Single();
    }

    /// <summary>The plan SQLite chooses for <paramref name="sql"/> (EXPLAIN QUERY PLAN), one step a line.</summary>
    internal IReadOnlyList<string> QueryPlan(string sql)
    {
        using var explain = _connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "$meter", "$from", "$to", "$minimum" })
        {
            explain.Parameters.AddWithValue(name, 0);
        }

        var steps = new List<string>();
        using var reader = explain.ExecuteReader();
        while (reader.Read())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }

    /// <summary>The first or last (by <paramref name="order"/>) reading in [from, to) with a value in <paramref name="column"/>.</summary>
    private (DateTimeOffset Time, int Count)? Count(string meterId, DateTimeOffset from, DateTimeOffset to, string column, string order) =>
        Rows<(DateTimeOffset, int)?>(CountSql(column, order), meterId, from, to, row => (ReadingRow.Time(row.GetInt64(0), row.GetInt64(1)), row.GetInt32(2))).SingleOrDefault();

    private static string ExportSql(string order) => $"SELECT {RegisterTotal("export")} FROM readings WHERE {OfMeterInSpan} AND {HasRegister("export")} {order} LIMIT 1";

    private static string CountsSql(string column) =>
        $"SELECT {column} FROM readings WHERE {OfMeterInSpan} AND {column} IS NOT NULL {Oldest}";

    private static string CountSql(string column, string order) =>
        $"SELECT gateway_time_ms, gateway_offset_min, {column} FROM readings WHERE {OfMeterInSpan} AND {column} IS NOT NULL {order} LIMIT 1";

    private static string Column(EventCounter counter) => counter switch
    {
        EventCounter.Tamper => "tamper_events",
        EventCounter.PowerFailures => "power_failures",
        _ => throw new ArgumentOutOfRangeException(nameof(counter), counter, "unknown event counter"),
    };
}
