namespace Edge.MeterAdapter.Sml;

/// <summary>One SML value: octet string, boolean, integer, unsigned, list, or an absent optional field.</summary>
public abstract record SmlNode
{
    /// <summary>An optional field that is not set (type-length byte 0x01).</summary>
    public static readonly SmlNode Absent = new SmlAbsent();
}

public sealed record SmlAbsent : SmlNode;

/// <summary>The end-of-message byte 0x00, the last element of every SML message.</summary>
public sealed record SmlEndOfMessage : SmlNode;

public sealed record SmlOctets(byte[] Bytes) : SmlNode;

public sealed record SmlBoolean(bool Value) : SmlNode;

public sealed record SmlInteger(long Value) : SmlNode;

public sealed record SmlUnsigned(ulong Value) : SmlNode;

public sealed record SmlList(IReadOnlyList<SmlNode> Items) : SmlNode;
