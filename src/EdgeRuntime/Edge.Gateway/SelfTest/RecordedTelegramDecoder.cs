using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Iec62056;
using Edge.MeterAdapter.Modbus;
using Edge.MeterAdapter.Obis;
using Edge.MeterAdapter.Readings;

namespace Edge.Gateway.SelfTest;

/// <summary>
/// Runs a recording through the same MeterAdapter decoders the daemon uses: DSMR P1 framing and CRC-16/ARC,
/// IEC 62056-21 identification and data message with its BCC, Modbus RTU function 04 responses with their CRC.
/// </summary>
public static class RecordedTelegramDecoder
{
    /// <summary>The receive time given to decoders; <see cref="ReadingLine"/> leaves it out.</summary>
    public static readonly DateTimeOffset GatewayTime = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The IEC recording was made with the meter clock on CET; mode C telegrams carry no UTC offset.</summary>
    public static readonly TimeSpan IecMeterClockOffset = TimeSpan.FromHours(1);

    /// <summary>Where the recorded meter counts tampers: manufacturer-specific, so a gateway names it per meter in its config.</summary>
    public static readonly ObisCode IecTamperCounter = ObisCode.Parse("C.51.0");

    /// <summary>Slave address of the recorded Eastron SDM630.</summary>
    public const byte ModbusSlaveAddress = 1;

    public const string ModbusMeterId = "sdm630@1";

    /// <summary>The reading, or null with the reason the decoder refused the bytes.</summary>
    public static (MeterReading? Reading, string? Problem) Decode(TelegramRecording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        return recording.Protocol switch
        {
            MeterProtocol.DsmrP1 => Dsmr(recording.Bytes),
            MeterProtocol.Iec62056ModeC => Iec62056(recording.Bytes),
            MeterProtocol.ModbusSdm => Modbus(recording.Bytes),
            _ => (null, $"no recording decoder for {recording.Protocol}"),
        };
    }

    private static (MeterReading?, string?) Dsmr(byte[] bytes)
    {
        var decoder = new DsmrDecoder(new DsmrOptions { RequireCrc = true });
        var readings = new List<MeterReading>();
        decoder.Feed(bytes, GatewayTime, readings);
        decoder.EndOfData();
        return readings.Count == 1
            ? (readings[0], null)
            : (null, $"{readings.Count} telegrams decoded, 1 expected; last reject: {decoder.Counters.LastReject ?? "none"}");
    }

    private static (MeterReading?, string?) Iec62056(byte[] bytes)
    {
        // Identification line "/XXXZ...CRLF", then the data message "STX ... ETX BCC".
        var lineEnd = bytes.AsSpan().IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            return (null, "no identification line");
        }

        var identification = IdentificationMessage.Parse(bytes.AsSpan(0, lineEnd + 2), out var error);
        if (identification is null)
        {
            return (null, $"identification: {error}");
        }

        var message = DataMessage.Decode(bytes.AsSpan(lineEnd + 2));
        return message.IsAccepted
            ? (Iec62056ReadingMapper.ToReading(message.DataSets, identification, GatewayTime, IecMeterClockOffset, IecTamperCounter), null)
            : (null, $"data message: {message}");
    }

    private static (MeterReading?, string?) Modbus(byte[] bytes)
    {
        // One response per register block of a poll, in the order the daemon asks for them.
        var values = new Dictionary<ushort, float>();
        var offset = 0;
        foreach (var (start, count) in EastronRegisterMap.BlocksFor(EastronModel.Sdm630))
        {
            var length = ReadInputRegisters.ResponseLength(count);
            if (offset + length > bytes.Length)
            {
                return (null, $"recording ends inside the response for registers 0x{start:X4}+{count}");
            }

            var response = ReadInputRegisters.DecodeResponse(bytes.AsSpan(offset, length), ModbusSlaveAddress, count);
            if (!response.IsSuccess)
            {
                return (null, $"response for registers 0x{start:X4}+{count}: {response}");
            }

            for (var i = 0; i < count; i += 2)
            {
                values[(ushort)(start + i)] = Float32Registers.Decode(response.Registers[i], response.Registers[i + 1]);
            }

            offset += length;
        }

        if (offset != bytes.Length)
        {
            return (null, $"{bytes.Length - offset} bytes after the last response");
        }

        var reading = EastronSdmMeter.ToReading(values, EastronModel.Sdm630, ModbusMeterId, GatewayTime);
        return reading is null ? (null, "registers missing or implausible") : (reading, null);
    }
}
