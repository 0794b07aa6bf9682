namespace Edge.MeterAdapter.Iec62056;

/// <summary>Protocol mode announced by the baud rate character of the identification message (IEC 62056-21, protocol modes A to E).</summary>
public enum Iec62056Mode
{
    /// <summary>No baud switch: data follows at 300 baud.</summary>
    A,

    /// <summary>Baud switch without acknowledgement.</summary>
    B,

    /// <summary>Baud switch after the acknowledgement/option select message; the mode this reader is built for.</summary>
    C,
}

/// <summary>
/// The baud rate character Z: '0'..'6' (modes C and E) = 300, 600, 1200, 2400, 4800, 9600, 19200 baud;
/// 'A'..'F' (mode B) = 600 ... 19200 baud; anything else means mode A at 300 baud.
/// </summary>
public static class BaudRateCharacter
{
    public const int InitialBaudRate = 300;

    public static (Iec62056Mode Mode, int BaudRate) Decode(byte z) => z switch
    {
        >= (byte)'0' and <= (byte)'6' => (Iec62056Mode.C, InitialBaudRate << (z - '0')),
        >= (byte)'A' and <= (byte)'F' => (Iec62056Mode.B, InitialBaudRate << (z - 'A' + 1)),
        _ => (Iec62056Mode.A, InitialBaudRate),
    };

    /// <summary>The mode C character of the fastest standard rate not above <paramref name="baudRate"/>.</summary>
    public static byte EncodeModeC(int baudRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baudRate, InitialBaudRate);
        var z = (byte)'0';
        while (z < (byte)'6' && InitialBaudRate << (z + 1 - '0') <= baudRate)
        {
            z++;
        }

        return z;
    }
}
