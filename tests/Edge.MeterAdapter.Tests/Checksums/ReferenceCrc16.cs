namespace Edge.MeterAdapter.Tests.Checksums;

/// <summary>
/// A bit-at-a-time CRC-16 written directly from the DSMR text ("polynomial x16+x15+x2+1 ... no XOR in, no XOR out
/// ... least significant bit first"), independent of the table-driven production code. Itself checked against the
/// catalogue check value in <see cref="Crc16Tests"/>.
/// </summary>
internal static class ReferenceCrc16
{
    public static ushort Arc(ReadOnlySpan<byte> data) => Reflected(data, 0x0000);

    public static ushort Reflected(ReadOnlySpan<byte> data, ushort initial)
    {
        var r = initial;
        foreach (var b in data)
        {
            r ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                r = (r & 1) != 0 ? (ushort)((r >> 1) ^ 0xA001) : (ushort)(r >> 1);
            }
        }

        return r;
    }
}
