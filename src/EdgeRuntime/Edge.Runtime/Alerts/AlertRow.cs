using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Alerts;

/// <summary>Maps a row of the alerts table to an <see cref="Alert"/>, by hand (no reflection, for NativeAOT).</summary>
internal static class AlertRow
{
    public const string Columns = """
        id, meter_id, kind, raised_ms, raised_offset_min, last_seen_ms, last_seen_offset_min, occurrences,
        score, model_version, evidence, ack_ms, ack_offset_min, ack_by
        """;

    public static Alert Read(SqliteDataReader row) => new()
    {
        Id = row.GetInt64(0),
        MeterId = row.GetString(1),
        Kind = Enum.Parse<AlertKind>(row.GetString(2)),
        RaisedAt = Time(row.GetInt64(3), row.GetInt64(4)),
        LastSeenAt = Time(row.GetInt64(5), row.GetInt64(6)),
        Occurrences = row.GetInt32(7),
        Score = row.IsDBNull(8) ? null : (float)row.GetDouble(8),
        ModelVersion = row.IsDBNull(9) ? null : row.GetString(9),
        Evidence = row.GetString(10),
        AcknowledgedAt = row.IsDBNull(11) ? null : Time(row.GetInt64(11), row.GetInt64(12)),
        AcknowledgedBy = row.IsDBNull(13) ? null : row.GetString(13),
    };

    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long OffsetMinutes(DateTimeOffset time) => (long)time.Offset.TotalMinutes;

    public static object Db<T>(T? value)
        where T : struct => value is { } v ? v : DBNull.Value;

    public static object Db(string? value) => value is null ? DBNull.Value : value;

    private static DateTimeOffset Time(long unixMs, long offsetMinutes) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
}
