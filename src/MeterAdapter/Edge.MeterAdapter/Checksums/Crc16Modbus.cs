namespace Edge.MeterAdapter.Checksums;

/// <summary>
/// CRC-16/MODBUS: reflected 0x8005, init 0xFFFF, no final XOR; check("123456789") = 0x4B37.
/// Modbus over Serial Line V1.02 §2.5.1.2: appended low byte first after the PDU.
/// </summary>
public static class Crc16Modbus
{
    private static readonly Crc16 Algorithm = new(initial: 0xFFFF, xorOut: 0x0000);

    public static Crc16 Instance => Algorithm;

    public static ushort Compute(ReadOnlySpan<byte> data) => Algorithm.Compute(data);
}
