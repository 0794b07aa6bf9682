using Edge.MeterAdapter.Readings;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Storage;

/// <summary>
/// Maps a <see cref="MeterReading"/> to a row of the readings table and back, by hand (no reflection, for NativeAOT).
/// Stored: identity, both clocks, energy registers, instantaneous power, per-phase voltages and currents (L1..L3), the
/// power-failure and tamper counters, the sag and swell counters (total and per phase), and quality. The power-failure log has its own table
/// (<see cref="PowerFailureLogRow"/>); sub-meters are not stored yet.
/// </summary>
internal static class ReadingRow
{
    public const string Columns = """
        meter_id, protocol, gateway_time_ms, gateway_offset_min, meter_time_ms, meter_offset_min,
        import_t1_wh, import_t2_wh, export_t1_wh, export_t2_wh, import_total_wh, export_total_wh, active_tariff,
        import_power_w, export_power_w, quality,
        voltage_l1_v, voltage_l2_v, voltage_l3_v, power_failures, long_power_failures, tamper_events,
        current_l1_a, current_l2_a, current_l3_a, voltage_sags, voltage_swells,
        voltage_sags_l1, voltage_sags_l2, voltage_sags_l3, voltage_swells_l1, voltage_swells_l2, voltage_swells_l3
        """;

    /// <summary>Phases with a voltage and a current column: L1, L2, L3.</summary>
    private const int Phases = 3;

    private static readonly string[] Parameters =
    [
        "$meter", "$protocol", "$gw_ms", "$gw_off", "$mt_ms", "$mt_off",
        "$i1", "$i2", "$e1", "$e2", "$it", "$et", "$tariff", "$ip", "$ep", "$quality",
        "$v1", "$v2", "$v3", "$pf", "$lpf", "$tamper",
        "$a1", "$a2", "$a3", "$sags", "$swells",
        "$sag1", "$sag2", "$sag3", "$swell1", "$swell2", "$swell3",
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
        BindPhases(p, 16, reading.Instant.VoltageV);
        p[19].Value = Db(reading.Events.PowerFailures);
        p[20].Value = Db(reading.Events.LongPowerFailures);
        p[21].Value = Db(reading.Events.TamperEvents);
        BindPhases(p, 22, reading.Instant.CurrentA);
        p[25].Value = Db(reading.Events.VoltageSags);
        p[26].Value = Db(reading.Events.VoltageSwells);
        BindPhases(p, 27, reading.Events.VoltageSagsByPhase);
        BindPhases(p, 30, reading.Events.VoltageSwellsByPhase);
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
            ActiveTariff = Int(row, 12),
        },
        Instant = new InstantaneousValues
        {
            ImportPowerW = Double(row, 13),
            ExportPowerW = Double(row, 14),
            VoltageV = PerPhase(row, 16, Double),
            CurrentA = PerPhase(row, 22, Double),
        },
        Events = new MeterEvents
        {
            PowerFailures = Int(row, 19),
            LongPowerFailures = Int(row, 20),
            TamperEvents = Int(row, 21),
            VoltageSags = Int(row, 25),
            VoltageSwells = Int(row, 26),
            VoltageSagsByPhase = PerPhase(row, 27, Int),
            VoltageSwellsByPhase = PerPhase(row, 30, Int),
        },
        Quality = (ReadingQuality)row.GetInt64(15),
    };

    /// <summary>The phases up to the last one with a value, so a single-phase meter reads back one entry and none reads back empty.</summary>
    private static IReadOnlyList<T?> PerPhase<T>(SqliteDataReader row, int first, Func<SqliteDataReader, int, T?> read)
        where T : struct
    {
        var count = Phases;
        while (count > 0 && row.IsDBNull(first + count - 1))
        {
            count--;
        }

        var result = new T?[count];
        for (var phase = 0; phase < count; phase++)
        {
            result[phase] = read(row, first + phase);
        }

        return result;
    }

    /// <summary>Phases beyond L3 are not stored (no meter this gateway reads has more).</summary>
    private static void BindPhases<T>(SqliteParameterCollection p, int first, IReadOnlyList<T?> values)
        where T : struct
    {
        for (var phase = 0; phase < Phases; phase++)
        {
            p[first + phase].Value = Db(phase < values.Count ? values[phase] : null);
        }
    }

    public static DateTimeOffset Time(long unixMs, long offsetMinutes) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    private static long? Long(SqliteDataReader row, int i) => row.IsDBNull(i) ? null : row.GetInt64(i);

    private static int? Int(SqliteDataReader row, int i) => row.IsDBNull(i) ? null : row.GetInt32(i);

    private static double? Double(SqliteDataReader row, int i) => row.IsDBNull(i) ? null : row.GetDouble(i);

    private static object Db<T>(T? value)
        where T : struct => value is { } v ? v : DBNull.Value;
}
