using System.Buffers.Binary;

namespace Edge.MeterAdapter.Sml;

/// <summary>
/// Reads SML type-length-value encoding (SML 1.04, "type-length field"): a TL byte holds a continuation bit (7), the
/// type (bits 6-4: 0 octet string, 4 boolean, 5 integer, 6 unsigned, 7 list) and 4 length bits; continuation bytes add
/// 4 length bits each. For scalars the length counts the TL bytes too; for lists it is the number of elements.
/// Never throws: a malformed field gives false with the offset of the fault.
/// </summary>
public static class SmlTypeLength
{
    /// <summary>Deeper nesting than any SML message uses; bounds recursion on hostile input.</summary>
    public const int MaxDepth = 16;

    private const byte EndOfMessage = 0x00;

    /// <summary>Reads consecutive messages; each is a list of six whose last element is the end-of-message byte 0x00.</summary>
    public static bool TryReadMessages(ReadOnlySpan<byte> bytes, List<SmlList> messages, out int errorOffset)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var position = 0;
        while (position < bytes.Length)
        {
            var start = position;
            if (!TryRead(bytes, ref position, 0, out var node) || node is not SmlList { Items: [.., SmlEndOfMessage] } list)
            {
                errorOffset = start;
                return false;
            }

            messages.Add(list);
        }

        errorOffset = -1;
        return true;
    }

    public static bool TryRead(ReadOnlySpan<byte> bytes, ref int position, int depth, out SmlNode node)
    {
        node = SmlNode.Absent;
        if (depth > MaxDepth || position >= bytes.Length)
        {
            return false;
        }

        var start = position;
        var tl = bytes[position++];
        if (tl == EndOfMessage)
        {
            node = new SmlEndOfMessage();
            return true;
        }

        var type = (tl >> 4) & 0x07;
        var length = tl & 0x0F;
        var more = (tl & 0x80) != 0;
        while (more)
        {
            if (position >= bytes.Length || length > 0x00FF_FFFF)
            {
                return false;
            }

            var next = bytes[position++];
            if ((next & 0x70) != 0)
            {
                return false;
            }

            length = (length << 4) | (next & 0x0F);
            more = (next & 0x80) != 0;
        }

        var tlBytes = position - start;
        if (type == 7)
        {
            if (length > bytes.Length - position)
            {
                return false;
            }

            var items = new SmlNode[length];
            for (var i = 0; i < length; i++)
            {
                if (!TryRead(bytes, ref position, depth + 1, out items[i]))
                {
                    return false;
                }
            }

            node = new SmlList(items);
            return true;
        }

        var size = length - tlBytes;
        if (tl == 0x01)
        {
            return true;
        }

        if (size < 0 || size > bytes.Length - position)
        {
            return false;
        }

        var value = bytes.Slice(position, size);
        position += size;
        switch (type)
        {
            case 0:
                node = new SmlOctets(value.ToArray());
                return true;
            case 4 when size == 1:
                node = new SmlBoolean(value[0] != 0);
                return true;
            case 5 when size is >= 1 and <= 8:
                node = new SmlInteger(SignExtend(value));
                return true;
            case 6 when size is >= 1 and <= 8:
                node = new SmlUnsigned(ZeroExtend(value));
                return true;
            default:
                return false;
        }
    }

    private static ulong ZeroExtend(ReadOnlySpan<byte> value)
    {
        Span<byte> wide = stackalloc byte[8];
        value.CopyTo(wide[(8 - value.Length)..]);
        return BinaryPrimitives.ReadUInt64BigEndian(wide);
    }

    private static long SignExtend(ReadOnlySpan<byte> value)
    {
        Span<byte> wide = stackalloc byte[8];
        wide.Fill((value[0] & 0x80) != 0 ? (byte)0xFF : (byte)0x00);
        value.CopyTo(wide[(8 - value.Length)..]);
        return BinaryPrimitives.ReadInt64BigEndian(wide);
    }
}
