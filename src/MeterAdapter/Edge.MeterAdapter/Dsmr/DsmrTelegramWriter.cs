using System.Globalization;
using System.Text;
using Edge.MeterAdapter.Checksums;
using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Dsmr;

/// <summary>
/// Writes P1 telegrams from readings (for the meter simulator and tests), in the layouts of DSMR P1 Companion
/// Standard v5.0.2 §6.12 (v4.2/v5: version line, CRC-16/ARC) and v2.2/v3.0 (no CRC, legacy gas lines).
/// The inverse of <see cref="DsmrTelegramParser"/>: what it writes parses back to the same values.
/// </summary>
public static class DsmrTelegramWriter
{
    public const string DefaultIdentification = "ISk5\\2MT382-1000";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static byte[] Write(MeterReading reading, DsmrVersion version, string identification = DefaultIdentification)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var legacy = version is DsmrVersion.V2_2 or DsmrVersion.V3;
        var t = new StringBuilder(1024);
        t.Append('/').Append(identification).Append("\r\n\r\n");
        if (!legacy)
        {
            Line(t, "1-3:0.2.8", version == DsmrVersion.V5 ? "50" : "42");
            if (reading.MeterTime is { } time)
            {
                Line(t, "0-0:1.0.0", DsmrTimestamp.Format(time));
            }
        }

        Line(t, "0-0:96.1.1", DsmrOctetString.Encode(reading.MeterId));
        var e = reading.Energy;
        Energy(t, "1-0:1.8.1", e.ImportTariff1Wh);
        Energy(t, "1-0:1.8.2", e.ImportTariff2Wh);
        Energy(t, "1-0:2.8.1", e.ExportTariff1Wh);
        Energy(t, "1-0:2.8.2", e.ExportTariff2Wh);
        Energy(t, "1-0:1.8.0", e.ImportTotalWh);
        Energy(t, "1-0:2.8.0", e.ExportTotalWh);
        if (e.ActiveTariff is { } tariff)
        {
            Line(t, "0-0:96.14.0", tariff.ToString("D4", Inv));
        }

        Power(t, "1-0:1.7.0", reading.Instant.ImportPowerW);
        Power(t, "1-0:2.7.0", reading.Instant.ExportPowerW);
        WriteEvents(t, reading.Events, legacy);
        WritePhases(t, reading.Instant);
        foreach (var sub in reading.SubMeters)
        {
            WriteSubMeter(t, sub, legacy);
        }

        t.Append('!');
        var bytes = Encoding.ASCII.GetBytes(t.ToString());
        return legacy ? [.. bytes, (byte)'\r', (byte)'\n'] : AppendCrc(bytes);
    }

    /// <summary>
    /// Appends the CRC line to a telegram that ends with '!': CRC-16/ARC over every byte given, as 4 uppercase hex
    /// digits, then CR LF. Lets tests and the simulator's fault injector build telegrams from raw text.
    /// </summary>
    public static byte[] AppendCrc(ReadOnlySpan<byte> throughBang)
    {
        if (throughBang.IsEmpty || throughBang[^1] != (byte)'!')
        {
            throw new ArgumentException("A telegram to seal must end with '!'.", nameof(throughBang));
        }

        var crc = Crc16Arc.Compute(throughBang);
        return [.. throughBang, .. Encoding.ASCII.GetBytes(crc.ToString("X4", Inv)), (byte)'\r', (byte)'\n'];
    }

    private static void WriteEvents(StringBuilder t, MeterEvents ev, bool legacy)
    {
        Count(t, "0-0:96.7.21", ev.PowerFailures);
        Count(t, "0-0:96.7.9", ev.LongPowerFailures);
        if (!legacy && ev.PowerFailureLog.Count > 0)
        {
            t.Append("1-0:99.97.0(").Append(ev.PowerFailureLog.Count.ToString(Inv)).Append(")(0-0:96.7.19)");
            foreach (var entry in ev.PowerFailureLog)
            {
                t.Append('(').Append(DsmrTimestamp.Format(entry.EndTime)).Append(")(")
                    .Append(((long)entry.Duration.TotalSeconds).ToString("D10", Inv)).Append("*s)");
            }

            t.Append("\r\n");
        }

        PhaseCounts(t, ["1-0:32.32.0", "1-0:52.32.0", "1-0:72.32.0"], ev.VoltageSagsByPhase, ev.VoltageSags);
        PhaseCounts(t, ["1-0:32.36.0", "1-0:52.36.0", "1-0:72.36.0"], ev.VoltageSwellsByPhase, ev.VoltageSwells);
    }

    /// <summary>A counter per phase (DSMR 5.0.2 Table 6-3); a reading that keeps only the total over the phases has it written on L1.</summary>
    private static void PhaseCounts(StringBuilder t, string[] codes, IReadOnlyList<int?> byPhase, int? total)
    {
        if (byPhase.Count == 0)
        {
            Count(t, codes[0], total);
            return;
        }

        for (var phase = 0; phase < Math.Min(byPhase.Count, codes.Length); phase++)
        {
            Count(t, codes[phase], byPhase[phase]);
        }
    }

    private static void WritePhases(StringBuilder t, InstantaneousValues instant)
    {
        string[] voltage = ["1-0:32.7.0", "1-0:52.7.0", "1-0:72.7.0"];
        string[] current = ["1-0:31.7.0", "1-0:51.7.0", "1-0:71.7.0"];
        for (var phase = 0; phase < 3; phase++)
        {
            if (phase < instant.VoltageV.Count && instant.VoltageV[phase] is { } v)
            {
                Line(t, voltage[phase], v.ToString("000.0", Inv) + "*V");
            }
        }

        for (var phase = 0; phase < 3; phase++)
        {
            if (phase < instant.CurrentA.Count && instant.CurrentA[phase] is { } a)
            {
                // F3(0,0) A per v5.0.2; Belgian meters print decimals, which the parser also reads.
                Line(t, current[phase], (a == Math.Floor(a) ? a.ToString("000", Inv) : a.ToString("000.00", Inv)) + "*A");
            }
        }
    }

    private static void WriteSubMeter(StringBuilder t, SubMeterReading sub, bool legacy)
    {
        var channel = sub.Channel.ToString(Inv);
        Line(t, $"0-{channel}:24.1.0", sub.DeviceType.ToString("D3", Inv));
        if (sub.EquipmentId is { } id)
        {
            Line(t, $"0-{channel}:96.1.0", DsmrOctetString.Encode(id));
        }

        var value = sub.Value.ToString("00000.000", Inv);
        if (legacy)
        {
            var capture = sub.CaptureTime is { } c ? DsmrTimestamp.FormatUnsuffixed(c) : "000000000000";
            t.Append($"0-{channel}:24.3.0({capture})(00)(60)(1)(0-{channel}:24.2.1)({sub.Unit})\r\n({value})\r\n");
        }
        else if (sub.CaptureTime is { } capture)
        {
            var unit = sub.Unit.Length > 0 ? "*" + sub.Unit : "";
            t.Append($"0-{channel}:24.2.1({DsmrTimestamp.Format(capture)})({value}{unit})\r\n");
        }
    }

    /// <summary>F9(3,3): whole Wh written as kWh with three decimals by integer arithmetic.</summary>
    private static void Energy(StringBuilder t, string code, long? wh)
    {
        if (wh is { } v)
        {
            Line(t, code, $"{(v / 1000).ToString("D6", Inv)}.{(v % 1000).ToString("D3", Inv)}*kWh");
        }
    }

    /// <summary>F5(3,3) kW, 1 W resolution.</summary>
    private static void Power(StringBuilder t, string code, double? watts)
    {
        if (watts is { } w)
        {
            var whole = (long)Math.Round(w, MidpointRounding.AwayFromZero);
            Line(t, code, $"{(whole / 1000).ToString("D2", Inv)}.{(whole % 1000).ToString("D3", Inv)}*kW");
        }
    }

    private static void Count(StringBuilder t, string code, int? count)
    {
        if (count is { } n)
        {
            Line(t, code, n.ToString("D5", Inv));
        }
    }

    private static void Line(StringBuilder t, string code, string value) => t.Append(code).Append('(').Append(value).Append(")\r\n");
}
