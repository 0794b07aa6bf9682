namespace Edge.MeterAdapter.Modbus;

/// <summary>
/// RTU framing times from the Modbus over Serial Line specification V1.02 §2.5.1.1: a frame is delimited by at least
/// 3.5 character times of silence (t3.5), and a gap of more than 1.5 character times (t1.5) inside a frame makes it
/// incomplete. A character is 11 bits in RTU (start, 8 data, parity or a second stop bit, stop).
/// Above 19200 baud the specification fixes t1.5 = 750 µs and t3.5 = 1.750 ms.
/// </summary>
public readonly record struct ModbusRtuTiming(TimeSpan InterCharacterTimeout, TimeSpan InterFrameSilence)
{
    private const int BitsPerCharacter = 11;

    public static ModbusRtuTiming ForBaudRate(int baudRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baudRate);
        if (baudRate > 19200)
        {
            return new ModbusRtuTiming(TimeSpan.FromMicroseconds(750), TimeSpan.FromMicroseconds(1750));
        }

        // Ticks are 100 ns: one character lasts 11 bits / baud seconds.
        var character = (double)BitsPerCharacter * TimeSpan.TicksPerSecond / baudRate;
        return new ModbusRtuTiming(TimeSpan.FromTicks((long)Math.Ceiling(1.5 * character)), TimeSpan.FromTicks((long)Math.Ceiling(3.5 * character)));
    }
}
