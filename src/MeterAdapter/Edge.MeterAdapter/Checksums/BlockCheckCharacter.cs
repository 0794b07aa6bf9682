namespace Edge.MeterAdapter.Checksums;

/// <summary>
/// IEC 62056-21 block check character: the XOR of every byte after the first SOH or STX up to and including ETX
/// (IEC 62056-21:2002, "block check character"). Characters are 7-bit, so the parity bit (bit 7) is masked off.
/// </summary>
public static class BlockCheckCharacter
{
    public const byte Soh = 0x01;
    public const byte Stx = 0x02;
    public const byte Etx = 0x03;

    /// <summary>XOR of <paramref name="data"/> exactly as given (the caller has already selected the covered bytes).</summary>
    public static byte Compute(ReadOnlySpan<byte> data)
    {
        byte bcc = 0;
        foreach (var b in data)
        {
            bcc ^= b;
        }

        return (byte)(bcc & 0x7F);
    }

    /// <summary>
    /// Finds the covered range in a whole block (<c>[SOH ...] STX ... ETX [BCC]</c>) and computes its BCC.
    /// Returns false when the block has no SOH/STX, or no ETX after it.
    /// </summary>
    public static bool TryComputeForBlock(ReadOnlySpan<byte> block, out byte bcc)
    {
        bcc = 0;
        var start = block.IndexOfAny(Soh, Stx);
        if (start < 0)
        {
            return false;
        }

        var etx = block[(start + 1)..].IndexOf(Etx);
        if (etx < 0)
        {
            return false;
        }

        bcc = Compute(block.Slice(start + 1, etx + 1));
        return true;
    }
}
