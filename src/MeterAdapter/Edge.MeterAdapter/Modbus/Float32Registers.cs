namespace Edge.MeterAdapter.Modbus;

/// <summary>
/// IEEE-754 binary32 across two 16-bit registers, high word first and each word big-endian ("ABCD"), as Eastron
/// meters send their values (SDM120/SDM630 Modbus protocol documents: "each parameter is held in two consecutive
/// 16 bit registers ... most significant register first").
/// </summary>
public static class Float32Registers
{
    public static float Decode(ushort high, ushort low) => BitConverter.Int32BitsToSingle((int)(((uint)high << 16) | low));

    public static (ushort High, ushort Low) Encode(float value)
    {
        var bits = (uint)BitConverter.SingleToInt32Bits(value);
        return ((ushort)(bits >> 16), (ushort)bits);
    }
}
