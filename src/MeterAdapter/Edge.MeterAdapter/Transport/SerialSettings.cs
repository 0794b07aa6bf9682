namespace Edge.MeterAdapter.Transport;

/// <summary>Serial framing: baud rate, data bits, parity, stop bits. Printed the usual way ("115200 8N1").</summary>
public sealed record SerialSettings(int BaudRate, int DataBits, Parity Parity, StopBits StopBits)
{
    /// <summary>DSMR 4.x/5.x P1 port (v5.0.2 §5.1: 115200 baud, 8N1).</summary>
    public static SerialSettings Dsmr5 { get; } = new(115200, 8, Parity.None, StopBits.One);

    /// <summary>Some DSMR 4.2 meters want 7E1 at 115200 despite the spec (see Transport/README.md).</summary>
    public static SerialSettings Dsmr4SevenEvenOne { get; } = new(115200, 7, Parity.Even, StopBits.One);

    /// <summary>DSMR 2.2/3.0 P1 port: 9600 baud 7E1.</summary>
    public static SerialSettings Dsmr2 { get; } = new(9600, 7, Parity.Even, StopBits.One);

    /// <summary>IEC 62056-21 start of communication: 300 baud 7E1 (the baud rate changes later in mode C).</summary>
    public static SerialSettings Iec62056Start { get; } = new(300, 7, Parity.Even, StopBits.One);

    /// <summary>Eastron SDM120 factory default: 2400 baud 8N1.</summary>
    public static SerialSettings Sdm120 { get; } = new(2400, 8, Parity.None, StopBits.One);

    /// <summary>Eastron SDM630 factory default: 9600 baud 8N1.</summary>
    public static SerialSettings Sdm630 { get; } = new(9600, 8, Parity.None, StopBits.One);

    public SerialSettings WithBaudRate(int baudRate) => this with { BaudRate = baudRate };

    public override string ToString()
    {
        char parity = Parity switch
        {
            Parity.None => 'N',
            Parity.Even => 'E',
            Parity.Odd => 'O',
            Parity.Mark => 'M',
            Parity.Space => 'S',
            _ => '?',
        };
        string stop = StopBits switch
        {
            StopBits.One => "1",
            StopBits.Two => "2",
            _ => "?",
        };
        return $"{BaudRate} {DataBits}{parity}{stop}";
    }
}
