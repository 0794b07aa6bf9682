using System.Globalization;
using Edge.MeterAdapter.Obis;
using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Iec62056;

/// <summary>
/// Maps the data sets of a checked data message to a <see cref="MeterReading"/>. Codes are matched ignoring absent
/// groups, so "1.8.0" and "1-0:1.8.0" are the same register (IEC 62056-61 OBIS). Energy is converted to whole Wh from
/// the decimal text (no floating point); a register without a known unit is left out rather than guessed, and the
/// reading is then marked <see cref="ReadingQuality.Partial"/>.
/// </summary>
public static class Iec62056ReadingMapper
{
    private static readonly ObisCode SerialNumber = ObisCode.Reduced(96, 1, 0);   // C.1.0
    private static readonly ObisCode DeviceAddress = ObisCode.Reduced(0, 0, 0);   // 0.0.0
    private static readonly ObisCode Time = ObisCode.Reduced(0, 9, 1);            // hhmmss
    private static readonly ObisCode Date = ObisCode.Reduced(0, 9, 2);            // YYMMDD
    private static readonly ObisCode ImportTotal = ObisCode.Reduced(1, 8, 0);
    private static readonly ObisCode ImportTariff1 = ObisCode.Reduced(1, 8, 1);
    private static readonly ObisCode ImportTariff2 = ObisCode.Reduced(1, 8, 2);
    private static readonly ObisCode ExportTotal = ObisCode.Reduced(2, 8, 0);
    private static readonly ObisCode ExportTariff1 = ObisCode.Reduced(2, 8, 1);
    private static readonly ObisCode ExportTariff2 = ObisCode.Reduced(2, 8, 2);
    private static readonly ObisCode ImportPower = ObisCode.Reduced(1, 7, 0);
    private static readonly ObisCode ExportPower = ObisCode.Reduced(2, 7, 0);
    private static readonly ObisCode SignedPower = ObisCode.Reduced(16, 7, 0);    // sum active power, + import / − export
    private static readonly ObisCode[] Voltage = [ObisCode.Reduced(32, 7, 0), ObisCode.Reduced(52, 7, 0), ObisCode.Reduced(72, 7, 0)];
    private static readonly ObisCode[] Current = [ObisCode.Reduced(31, 7, 0), ObisCode.Reduced(51, 7, 0), ObisCode.Reduced(71, 7, 0)];
    private static readonly ObisCode PowerFailureCount = ObisCode.Reduced(96, 7, 0);   // C.7.0, all phases

    /// <param name="meterClockOffset">UTC offset of the meter's clock; the protocol does not carry one.</param>
    /// <param name="tamperCounter">
    /// The code under which this meter type reports its tamper (terminal cover / magnetic field) event count. No
    /// standard code exists for it (manufacturers use codes of the C.51 and C.96.7x ranges), so it is configured per
    /// meter type; null reads no tamper count.
    /// </param>
    public static MeterReading ToReading(
        IReadOnlyList<ObisDataSet> sets, IdentificationMessage identification, DateTimeOffset gatewayTime, TimeSpan meterClockOffset, ObisCode? tamperCounter = null)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(identification);
        var partial = false;
        long? Energy(ObisCode code)
        {
            var value = Find(sets, code);
            if (value is null)
            {
                return null;
            }

            var wh = ToWattHours(value);
            partial |= wh is null;
            return wh;
        }

        var energy = new EnergyRegisters
        {
            ImportTotalWh = Energy(ImportTotal),
            ImportTariff1Wh = Energy(ImportTariff1),
            ImportTariff2Wh = Energy(ImportTariff2),
            ExportTotalWh = Energy(ExportTotal),
            ExportTariff1Wh = Energy(ExportTariff1),
            ExportTariff2Wh = Energy(ExportTariff2),
        };
        partial |= energy.TotalImportWh is null;

        var (importW, exportW) = Power(sets);
        var meterTime = MeterTime(sets, meterClockOffset);
        var quality = (partial ? ReadingQuality.Partial : ReadingQuality.Good)
            | (meterTime is null ? ReadingQuality.ClockSuspect : ReadingQuality.Good);

        return new MeterReading
        {
            MeterId = (Find(sets, SerialNumber) ?? Find(sets, DeviceAddress))?.Text is { Length: > 0 } serial
                ? serial
                : $"{identification.Manufacturer}:{identification.Identification}",
            Protocol = MeterProtocol.Iec62056ModeC,
            MeterTime = meterTime,
            GatewayTime = gatewayTime,
            Energy = energy,
            Instant = new InstantaneousValues
            {
                ImportPowerW = importW,
                ExportPowerW = exportW,
                VoltageV = PerPhase(sets, Voltage, "V"),
                CurrentA = PerPhase(sets, Current, "A"),
            },
            Events = new MeterEvents
            {
                PowerFailures = Count(sets, PowerFailureCount),
                TamperEvents = tamperCounter is { } code ? Count(sets, code) : null,
            },
            Quality = quality,
        };
    }

    /// <summary>An event counter ("C.7.0(0003)"): a whole non-negative number, else unknown.</summary>
    private static int? Count(IReadOnlyList<ObisDataSet> sets, ObisCode code) =>
        Find(sets, code) is { } value && value.TryGetInteger(out var n) && n is >= 0 and <= int.MaxValue ? (int)n : null;

    /// <summary>"0012345.678" kWh → 12 345 678 Wh exactly; digits below 1 Wh are dropped (registers only count up).</summary>
    public static long? ToWattHours(ObisValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var decimals = value.Unit switch
        {
            "kWh" or "KWH" or "kwh" => 3,
            "Wh" or "WH" or "wh" => 0,
            "MWh" or "MWH" => 6,
            _ => -1,
        };
        return decimals >= 0 && value.TryGetFixedPoint(decimals, out var wh) && wh >= 0 ? wh : null;
    }

    private static (double? Import, double? Export) Power(IReadOnlyList<ObisDataSet> sets)
    {
        var import = Find(sets, ImportPower) is { } i ? Watts(i) : null;
        var export = Find(sets, ExportPower) is { } e ? Watts(e) : null;
        if (import is null && export is null && Find(sets, SignedPower) is { } s && Watts(s) is { } signed)
        {
            return (Math.Max(signed, 0), Math.Max(-signed, 0));
        }

        return (import, export);
    }

    private static double? Watts(ObisValue value)
    {
        var scale = value.Unit switch
        {
            "W" => 1.0,
            "kW" or "KW" => 1000.0,
            _ => double.NaN,
        };
        return !double.IsNaN(scale) && value.TryGetDouble(out var v) ? v * scale : null;
    }

    private static double?[] PerPhase(IReadOnlyList<ObisDataSet> sets, ObisCode[] codes, string unit)
    {
        var values = codes
            .Select(code => Find(sets, code) is { } v && v.Unit == unit && v.TryGetDouble(out var d) ? d : (double?)null)
            .ToArray();
        var last = Array.FindLastIndex(values, v => v is not null);
        return values[..(last + 1)];
    }

    private static DateTimeOffset? MeterTime(IReadOnlyList<ObisDataSet> sets, TimeSpan offset)
    {
        if (Find(sets, Date)?.Text is not { Length: 6 } date || Find(sets, Time)?.Text is not { Length: 6 } time)
        {
            return null;
        }

        return DateTime.TryParseExact(date + time, "yyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, offset)
            : null;
    }

    /// <summary>
    /// The first value of the current register: a code with group F other than 255 (e.g. "1.8.0*01") is a stored
    /// billing-period value, not the present one, and is skipped.
    /// </summary>
    private static ObisValue? Find(IReadOnlyList<ObisDataSet> sets, ObisCode code)
    {
        foreach (var set in sets)
        {
            if (set.Code.Matches(code) && set.Code.F is null or 255 && set.Values.Count > 0)
            {
                return set.Values[0];
            }
        }

        return null;
    }
}
