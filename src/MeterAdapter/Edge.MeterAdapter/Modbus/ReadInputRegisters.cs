using System.Buffers.Binary;
using Edge.MeterAdapter.Checksums;

namespace Edge.MeterAdapter.Modbus;

/// <summary>
/// Function 0x04, Read Input Registers (Modbus Application Protocol V1.1b3 §6.4), in its RTU framing
/// (Modbus over Serial Line V1.02 §2.5.1): <c>address, 0x04, start (BE), quantity (BE), CRC (low byte first)</c> out;
/// <c>address, 0x04, byte count, data (BE), CRC</c> or <c>address, 0x84, exception code, CRC</c> back.
/// The request encoder and the response decoder sit side by side; the decoder never throws.
/// </summary>
public static class ReadInputRegisters
{
    public const byte FunctionCode = 0x04;

    /// <summary>The protocol's limit per request (§6.4: 1 to 125 registers).</summary>
    public const int MaxQuantity = 125;

    /// <summary>Largest RTU frame (serial line §2.5.1: 256 bytes).</summary>
    public const int MaxFrameLength = 256;

    public const int RequestLength = 8;

    /// <summary>Exception response: address, function | 0x80, code, CRC.</summary>
    public const int ExceptionLength = 5;

    public static int ResponseLength(int quantity) => 5 + (2 * quantity);

    public static byte[] EncodeRequest(byte slaveAddress, ushort startAddress, ushort quantity)
    {
        ArgumentOutOfRangeException.ThrowIfZero(slaveAddress);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slaveAddress, (byte)247);
        ArgumentOutOfRangeException.ThrowIfZero(quantity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantity, (ushort)MaxQuantity);
        var frame = new byte[RequestLength];
        frame[0] = slaveAddress;
        frame[1] = FunctionCode;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), startAddress);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4), quantity);
        AppendCrc(frame);
        return frame;
    }

    /// <summary>Builds the slave's answer; used by the meter simulator and by tests.</summary>
    public static byte[] EncodeResponse(byte slaveAddress, ReadOnlySpan<ushort> registers)
    {
        var frame = new byte[ResponseLength(registers.Length)];
        frame[0] = slaveAddress;
        frame[1] = FunctionCode;
        frame[2] = checked((byte)(2 * registers.Length));
        for (var i = 0; i < registers.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(3 + (2 * i)), registers[i]);
        }

        AppendCrc(frame);
        return frame;
    }

    public static byte[] EncodeException(byte slaveAddress, ModbusExceptionCode code)
    {
        var frame = new byte[ExceptionLength];
        frame[0] = slaveAddress;
        frame[1] = FunctionCode | 0x80;
        frame[2] = (byte)code;
        AppendCrc(frame);
        return frame;
    }

    /// <summary>
    /// Checks one received frame against the request it answers. Length is judged first (against the exception length
    /// when the function byte has bit 7 set, else against the full answer), then the CRC, then address, function and
    /// byte count; only a frame passing all of them yields registers.
    /// </summary>
    public static ModbusResponse DecodeResponse(ReadOnlySpan<byte> frame, byte slaveAddress, ushort quantity)
    {
        if (frame.Length < ExceptionLength)
        {
            return ModbusResponse.Rejected(ModbusRejectReason.ShortFrame);
        }

        var isException = (frame[1] & 0x80) != 0;
        var expected = isException ? ExceptionLength : ResponseLength(quantity);
        if (frame.Length != expected)
        {
            return ModbusResponse.Rejected(frame.Length < expected ? ModbusRejectReason.ShortFrame : ModbusRejectReason.LongFrame);
        }

        if (!HasValidCrc(frame))
        {
            return ModbusResponse.Rejected(ModbusRejectReason.CrcMismatch);
        }

        if (frame[0] != slaveAddress)
        {
            return ModbusResponse.Rejected(ModbusRejectReason.SlaveAddressMismatch);
        }

        if ((frame[1] & 0x7F) != FunctionCode)
        {
            return ModbusResponse.Rejected(ModbusRejectReason.UnexpectedFunction);
        }

        if (isException)
        {
            return ModbusResponse.Exception((ModbusExceptionCode)frame[2]);
        }

        if (frame[2] != 2 * quantity)
        {
            return ModbusResponse.Rejected(ModbusRejectReason.ByteCountMismatch);
        }

        var registers = new ushort[quantity];
        for (var i = 0; i < registers.Length; i++)
        {
            registers[i] = BinaryPrimitives.ReadUInt16BigEndian(frame[(3 + (2 * i))..]);
        }

        return ModbusResponse.Success(registers);
    }

    /// <summary>The CRC is sent low byte first (serial line V1.02 §2.5.1.2), i.e. little-endian.</summary>
    public static bool HasValidCrc(ReadOnlySpan<byte> frame) =>
        frame.Length >= 3 && Crc16Modbus.Compute(frame[..^2]) == BinaryPrimitives.ReadUInt16LittleEndian(frame[^2..]);

    private static void AppendCrc(Span<byte> frame) =>
        BinaryPrimitives.WriteUInt16LittleEndian(frame[^2..], Crc16Modbus.Compute(frame[..^2]));
}
