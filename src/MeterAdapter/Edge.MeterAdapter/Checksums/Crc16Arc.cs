namespace Edge.MeterAdapter.Checksums;

/// <summary>
/// CRC-16/ARC: reflected 0x8005, init 0x0000, no final XOR; check("123456789") = 0xBB3D.
/// DSMR P1 v4/v5 telegrams carry it as 4 hex digits after '!' (P1 Companion Standard v5.0.2 §6.2: "no XOR in,
/// no XOR out ... least significant bit first", computed over '/' through '!' inclusive).
/// </summary>
public static class Crc16Arc
{
    private static readonly Crc16 Algorithm = new(initial: 0x0000, xorOut: 0x0000);

    public static Crc16 Instance => Algorithm;

    public static ushort Compute(ReadOnlySpan<byte> data) => Algorithm.Compute(data);
}
