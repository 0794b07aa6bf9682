using System.Buffers.Binary;
using Edge.MeterAdapter.Checksums;

namespace Edge.MeterAdapter.Sml;

/// <summary>
/// SML transport protocol version 1 (BSI TR-03109-1 / FNN "SML Smart Message Language" version 1.04, section on the
/// transport protocol): a file is <c>1B1B1B1B 01010101</c>, the messages, zero padding to a multiple of 4, then
/// <c>1B1B1B1B 1A p c1 c2</c> with p = number of padding bytes and c = CRC-16/X-25 over everything before it, low byte
/// first. Inside, four 1B bytes are sent twice. Encoder and decoder side by side; the decoder never throws.
/// </summary>
public static class SmlTransport
{
    private static readonly byte[] Escape = [0x1B, 0x1B, 0x1B, 0x1B];
    private static readonly byte[] Start = [0x1B, 0x1B, 0x1B, 0x1B, 0x01, 0x01, 0x01, 0x01];

    /// <summary>Escapes <paramref name="messages"/>, pads and frames them; for the simulator and tests.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> messages)
    {
        var body = new List<byte>(Start);
        for (var i = 0; i < messages.Length; i += 4)
        {
            var chunk = messages.Slice(i, Math.Min(4, messages.Length - i));
            body.AddRange(chunk);
            if (chunk.SequenceEqual(Escape))
            {
                body.AddRange(Escape);
            }
        }

        var padding = (4 - (messages.Length % 4)) % 4;
        body.AddRange(new byte[padding]);
        body.AddRange(Escape);
        body.Add(0x1A);
        body.Add((byte)padding);
        var crc = Crc16X25.Compute([.. body]);
        body.Add((byte)crc);
        body.Add((byte)(crc >> 8));
        return [.. body];
    }

    /// <summary>
    /// Checks one complete file (from the start escape through the CRC) and returns the unescaped message bytes
    /// without padding, or the reason it is not a file.
    /// </summary>
    public static SmlRejectReason TryDecode(ReadOnlySpan<byte> file, out byte[] messages)
    {
        messages = [];
        if (file.Length < Start.Length + 8 || !file.StartsWith(Start) || (file.Length % 4) != 0)
        {
            return SmlRejectReason.MalformedFrame;
        }

        var end = file.Length - 8;
        if (!file[end..].StartsWith(Escape) || file[end + 4] != 0x1A)
        {
            return SmlRejectReason.MalformedFrame;
        }

        if (Crc16X25.Compute(file[..^2]) != BinaryPrimitives.ReadUInt16LittleEndian(file[^2..]))
        {
            return SmlRejectReason.CrcMismatch;
        }

        // The body is read in 4-byte groups, so escapes are aligned: a doubled escape is one literal 1B1B1B1B.
        var body = new List<byte>(end);
        for (var i = Start.Length; i < end; i += 4)
        {
            var group = file.Slice(i, 4);
            if (group.SequenceEqual(Escape))
            {
                if (i + 4 >= end || !file.Slice(i + 4, 4).SequenceEqual(Escape))
                {
                    return SmlRejectReason.MalformedFrame;
                }

                i += 4;
            }

            body.AddRange(group);
        }

        // Padding is normally 0-3 bytes; DZG meters send a full group of four zeros with count 4, so any count
        // is accepted as long as that many trailing bytes are zero.
        var padding = file[end + 5];
        if (padding > body.Count || body[^padding..].Any(b => b != 0))
        {
            return SmlRejectReason.MalformedFrame;
        }

        messages = [.. body[..^padding]];
        return SmlRejectReason.None;
    }
}
