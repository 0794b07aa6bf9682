namespace Edge.MeterAdapter.Checksums;

/// <summary>
/// Table-driven reflected CRC-16 over the polynomial x^16 + x^15 + x^2 + 1 (0x8005, reflected 0xA001), processed
/// least significant bit first. The meter protocols differ only in the initial register and the final XOR:
/// DSMR P1 uses CRC-16/ARC (<see cref="Crc16Arc"/>), Modbus RTU uses CRC-16/MODBUS (<see cref="Crc16Modbus"/>).
/// </summary>
/// <remarks>
/// Usage for streaming input: <c>var r = crc.Initial; r = crc.Update(r, part1); r = crc.Update(r, part2); crc.Finish(r)</c>.
/// </remarks>
public sealed class Crc16
{
    private const ushort ReflectedPolynomial = 0xA001;

    private static readonly ushort[] Table = BuildTable();

    public Crc16(ushort initial, ushort xorOut)
    {
        Initial = initial;
        XorOut = xorOut;
    }

    /// <summary>The register value before the first byte.</summary>
    public ushort Initial { get; }

    /// <summary>XORed into the register after the last byte.</summary>
    public ushort XorOut { get; }

    public ushort Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    /// <summary>Advances a running register over more bytes; start from <see cref="Initial"/>.</summary>
    public static ushort Update(ushort register, ReadOnlySpan<byte> data)
    {
        var table = Table;
        foreach (var b in data)
        {
            register = (ushort)((register >> 8) ^ table[(register ^ b) & 0xFF]);
        }

        return register;
    }

    public ushort Finish(ushort register) => (ushort)(register ^ XorOut);

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < table.Length; i++)
        {
            var r = (ushort)i;
            for (var bit = 0; bit < 8; bit++)
            {
                r = (r & 1) != 0 ? (ushort)((r >> 1) ^ ReflectedPolynomial) : (ushort)(r >> 1);
            }

            table[i] = r;
        }

        return table;
    }
}
