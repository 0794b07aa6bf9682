using Edge.MeterAdapter.Obis;
using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Sml;

/// <summary>
/// Maps the value list of an SML GetListResponse (message body 0x00000701) to a <see cref="MeterReading"/>. Each entry
/// is objName (6-byte OBIS), status, valTime, unit (DLMS unit code: 30 Wh, 27 W, 35 V, 33 A), scaler (power of ten),
/// value, signature. Energy becomes whole Wh with integer arithmetic; digits below 1 Wh are dropped.
/// </summary>
public static class SmlReadingMapper
{
    public const ulong GetListResponse = 0x00000701;

    private const ulong UnitWattHour = 30;
    private const ulong UnitWatt = 27;
    private const ulong UnitVolt = 35;
    private const ulong UnitAmpere = 33;

    /// <summary>The reading of the first GetListResponse in <paramref name="messages"/>; null when there is none.</summary>
    public static MeterReading? ToReading(IReadOnlyList<SmlList> messages, DateTimeOffset gatewayTime)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            if (message.Items is [_, _, _, SmlList { Items: [SmlUnsigned { Value: GetListResponse }, SmlList { Items: [_, var serverId, _, _, SmlList valList, ..] }] }, ..])
            {
                return FromValueList(valList, serverId as SmlOctets, gatewayTime);
            }
        }

        return null;
    }

    private static MeterReading FromValueList(SmlList valList, SmlOctets? serverId, DateTimeOffset gatewayTime)
    {
        var values = new Dictionary<ObisCode, (ulong Unit, int Scaler, SmlNode Value)>();
        foreach (var entry in valList.Items)
        {
            if (entry is SmlList { Items: [SmlOctets { Bytes: { Length: 6 } name }, _, _, var unit, var scaler, var value, ..] })
            {
                values.TryAdd(
                    new ObisCode(name[0], name[1], name[2], name[3], name[4], name[5]),
                    (unit is SmlUnsigned u ? u.Value : 0, scaler is SmlInteger s ? (int)Math.Clamp(s.Value, -128, 127) : 0, value));
            }
        }

        long? Energy(byte c, byte e) => values.TryGetValue(Code(c, 8, e), out var v) && v.Unit == UnitWattHour ? WattHours(v.Value, v.Scaler) : null;
        double? Quantity(byte c, ulong unit) => values.TryGetValue(Code(c, 7, 0), out var v) && v.Unit == unit ? Scaled(v.Value, v.Scaler) : null;

        var energy = new EnergyRegisters
        {
            ImportTotalWh = Energy(1, 0),
            ImportTariff1Wh = Energy(1, 1),
            ImportTariff2Wh = Energy(1, 2),
            ExportTotalWh = Energy(2, 0),
            ExportTariff1Wh = Energy(2, 1),
            ExportTariff2Wh = Energy(2, 2),
        };
        var power = Quantity(16, UnitWatt);
        var voltages = new[] { Quantity(32, UnitVolt), Quantity(52, UnitVolt), Quantity(72, UnitVolt) };
        var currents = new[] { Quantity(31, UnitAmpere), Quantity(51, UnitAmpere), Quantity(71, UnitAmpere) };

        var id = values.TryGetValue(new ObisCode(1, 0, 96, 1, 0, 255), out var device) && device.Value is SmlOctets deviceId
            ? deviceId.Bytes
            : serverId?.Bytes;
        return new MeterReading
        {
            MeterId = id is { Length: > 0 } ? Convert.ToHexString(id) : "sml",
            Protocol = MeterProtocol.Sml,
            GatewayTime = gatewayTime,
            Energy = energy,
            Instant = new InstantaneousValues
            {
                ImportPowerW = power is { } p ? Math.Max(p, 0) : null,
                ExportPowerW = power is { } q ? Math.Max(-q, 0) : null,
                VoltageV = Trim(voltages),
                CurrentA = Trim(currents),
            },
            // SML carries no wall-clock time for the values in most meters (actSensorTime is a seconds counter).
            Quality = ReadingQuality.ClockSuspect | (energy.TotalImportWh is null ? ReadingQuality.Partial : ReadingQuality.Good),
        };
    }

    private static ObisCode Code(byte c, byte d, byte e) => new(1, 0, c, d, e, 255);

    /// <summary>value × 10^scaler Wh, truncated to whole Wh; null when negative or out of range.</summary>
    public static long? WattHours(SmlNode value, int scaler)
    {
        Int128 raw = value switch
        {
            SmlInteger i => i.Value,
            SmlUnsigned u => u.Value,
            _ => -1,
        };
        if (raw < 0 || scaler is < -18 or > 18)
        {
            return null;
        }

        var power = Int128.One;
        for (var i = 0; i < Math.Abs(scaler); i++)
        {
            power *= 10;
        }

        var wh = scaler >= 0 ? raw * power : raw / power;
        return wh <= long.MaxValue ? (long)wh : null;
    }

    private static double? Scaled(SmlNode value, int scaler) => value switch
    {
        _ when scaler is < -18 or > 18 => null,
        SmlInteger i => i.Value * Math.Pow(10, scaler),
        SmlUnsigned u => u.Value * Math.Pow(10, scaler),
        _ => null,
    };

    private static double?[] Trim(double?[] perPhase)
    {
        var last = Array.FindLastIndex(perPhase, v => v is not null);
        return perPhase[..(last + 1)];
    }
}
