namespace Edge.MeterAdapter.Checksums;

/// <summary>
/// CRC-16/X-25 (ISO/IEC 13239, as used by SML transport v1): reflected polynomial 0x1021 (0x8408), init 0xFFFF,
/// final XOR 0xFFFF; check("123456789") = 0x906E. Sent low byte first. Kept apart from <see cref="Crc16"/> because the
/// polynomial differs; bit by bit, since an SML file is a few hundred bytes a second.
/// </summary>
public static class Crc16X25
{
    private const ushort ReflectedPolynomial = 0x8408;

    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        var register = 0xFFFF;
        foreach (var b in data)
        {
            register ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                register = (register & 1) != 0 ? (register >> 1) ^ ReflectedPolynomial : register >> 1;
            }
        }

        return (ushort)(register ^ 0xFFFF);
    }
}
