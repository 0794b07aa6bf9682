using Edge.MeterAdapter.Readings;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Storage;

/// <summary>
/// Maps power-failure log entries to rows of power_failure_log and back, by hand (no reflection, for NativeAOT).
/// The table's key is (meter, end time), so the same entry repeated by every telegram is inserted once and the first
/// gateway time that saw it stays.
/// </summary>
internal static class PowerFailureLogRow
{
    public const string Columns = "meter_id, end_ms, end_offset_min, duration_s, first_seen_ms";

    public static void PrepareInsert(SqliteCommand command)
    {
        command.CommandText = $"""
            INSERT INTO power_failure_log ({Columns}) VALUES ($meter, $end_ms, $end_off, $duration, $seen)
            ON CONFLICT (meter_id, end_ms) DO NOTHING
            """;
        foreach (var name in (string[])["$meter", "$end_ms", "$end_off", "$duration", "$seen"])
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    public static void Bind(SqliteCommand command, string meterId, PowerFailureLogEntry entry, DateTimeOffset seen)
    {
        var p = command.Parameters;
        p[0].Value = meterId;
        p[1].Value = entry.EndTime.ToUnixTimeMilliseconds();
        p[2].Value = (long)entry.EndTime.Offset.TotalMinutes;
        p[3].Value = (long)entry.Duration.TotalSeconds;
        p[4].Value = seen.ToUnixTimeMilliseconds();
    }

    public static LoggedPowerFailure Read(SqliteDataReader row) => new(
        row.GetString(0),
        ReadingRow.Time(row.GetInt64(1), row.GetInt64(2)),
        TimeSpan.FromSeconds(row.GetInt64(3)),
        DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(4)));
}
