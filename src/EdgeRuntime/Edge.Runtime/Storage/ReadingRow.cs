using Edge.MeterAdapter.Readings;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Storage;

/// <summary>
/// Maps a <see cref="MeterReading"/> to a row of the readings table and back, by hand (no reflection, for NativeAOT).
/// Stored: identity, both clocks, energy registers, instantaneous power and quality. Voltages, currents, events and
/// sub-meters are not stored yet.
/// </summary>
internal static class ReadingRow
{
    public const string Columns = """
        meter_id, protocol, gateway_time_ms, gateway_offset_min, meter_time_ms, meter_offset_min,
        import_t1_wh, import_t2_wh, export_t1_wh, export_t2_wh, import_total_wh, export_total_wh, active_tariff,
        import_power_w, export_power_w, quality
        """;

    private static readonly string[] Parameters =
    [
        "$meter", "$protocol", "$gw_ms", "$gw_off", "$mt_ms", "$mt_off",
        "$i1", "$i2", "$e1", "$e2", "$it", "$et", "$tariff", "$ip", "$ep", "$quality",
    ];

    public static void PrepareInsert(SqliteCommand command)
    {
        command.CommandText = $"INSERT INTO readings ({Columns}) VALUES ({string.Join(", ", Parameters)})";
        foreach (var name in Parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    public static void Bind(SqliteCommand command, MeterReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var p = command.Parameters;
        var energy = reading.Energy;
        p[0].Value = reading.MeterId;
        p[1].Value = (long)reading.Protocol;
        p[2].Value = reading.GatewayTime.ToUnixTimeMilliseconds();
        p[3].Value = (long)reading.GatewayTime.Offset.TotalMinutes;
        p[4].Value = Db(reading.MeterTime?.ToUnixTimeMilliseconds());
        p[5].Value = Db(reading.MeterTime is { } m ? (long?)m.Offset.TotalMinutes : null);
        p[6].Value = Db(energy.ImportTariff1Wh);
        p[7].Value = Db(energy.ImportTariff2Wh);
        p[8].Value = Db(energy.ExportTariff1Wh);
        p[9].Value = Db(energy.ExportTariff2Wh);
        p[10].Value = Db(energy.ImportTotalWh);
        p[11].Value = Db(energy.ExportTotalWh);
        p[12].Value = Db(energy.ActiveTariff);
        p[13].Value = Db(reading.Instant.ImportPowerW);
        p[14].Value = Db(reading.Instant.ExportPowerW);
        p[15].Value = (long)reading.Quality;
    }

    public static MeterReading Read(SqliteDataReader row) => new()
    {
        MeterId = row.GetString(0),
        Protocol = (MeterProtocol)row.GetInt64(1),
        GatewayTime = Time(row.GetInt64(2), row.GetInt64(3)),
        MeterTime = row.IsDBNull(4) ? null : Time(row.GetInt64(4), row.GetInt64(5)),
        Energy = new EnergyRegisters
        {
            ImportTariff1Wh = Long(row, 6),
            ImportTariff2Wh = Long(row, 7),
            ExportTariff1Wh = Long(row, 8),
            ExportTariff2Wh = Long(row, 9),
            ImportTotalWh = Long(row, 10),
            ExportTotalWh = Long(row, 11),
            ActiveTariff = row.IsDBNull(12) ? null : row.GetInt32(12),
        },
        Instant = new InstantaneousValues
        {
            ImportPowerW = row.IsDBNull(13) ? null : row.GetDouble(13),
            ExportPowerW = row.IsDBNull(14) ? null : row.GetDouble(14),
        },
        Quality = (ReadingQuality)row.GetInt64(15),
    };

    private static DateTimeOffset Time(long unixMs, long offsetMinutes) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    private static long? Long(SqliteDataReader row, int i) => row.IsDBNull(i) ? null : row.GetInt64(i);

    private static object Db<T>(T? value)
        where T : struct => value is { } v ? v : DBNull.Value;
}
