namespace Edge.MeterAdapter.Modbus;

/// <summary>Timing of a Modbus RTU master. Build it from the line's baud rate with <see cref="ForBaudRate"/>.</summary>
public sealed record ModbusRtuMasterOptions
{
    /// <summary>t1.5 and t3.5 for the line's baud rate (serial line V1.02 §2.5.1.1).</summary>
    public required ModbusRtuTiming Timing { get; init; }

    /// <summary>
    /// How long to wait for the first byte of an answer. The specification leaves this to the application; one second
    /// covers Eastron meters at 2400 baud with margin.
    /// </summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Quiet time required on the line before a request: at least t3.5. Eastron asks for 60 ms between requests
    /// (SDM630 Modbus protocol document), which <see cref="ForBaudRate"/> applies when asked.
    /// </summary>
    public TimeSpan InterRequestSilence { get; init; }

    public static ModbusRtuMasterOptions ForBaudRate(int baudRate, TimeSpan? interRequestSilence = null)
    {
        var timing = ModbusRtuTiming.ForBaudRate(baudRate);
        var silence = interRequestSilence ?? timing.InterFrameSilence;
        return new ModbusRtuMasterOptions
        {
            Timing = timing,
            InterRequestSilence = silence > timing.InterFrameSilence ? silence : timing.InterFrameSilence,
        };
    }
}
