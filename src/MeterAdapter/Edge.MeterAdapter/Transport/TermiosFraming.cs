namespace Edge.MeterAdapter.Transport;

/// <summary>
/// <see cref="SerialSettings"/> as termios flags: raw mode, receiver on, modem lines ignored, no flow control, reads
/// that never block in the driver (VMIN = 0, VTIME = 0: the link waits in poll instead).
/// </summary>
internal static unsafe class TermiosFraming
{
    /// <summary>Turns <paramref name="termios"/> (as tcgetattr returned it) into the settings' framing.</summary>
    /// <exception cref="ArgumentException">A baud rate without a B* constant, or framing termios cannot express.</exception>
    public static void Apply(Termios* termios, SerialSettings settings)
    {
        uint speed = SpeedConstant(settings.BaudRate);
        LibcTerminal.MakeRaw(termios);

        uint control = termios->ControlFlags & ~(Termios.CharSizeMask | Termios.TwoStopBits | Termios.ParityEnable
            | Termios.ParityOdd | Termios.StickParity | Termios.RtsCtsFlowControl);
        control |= Termios.Receiver | Termios.IgnoreModemLines;
        control |= settings.DataBits switch
        {
            7 => Termios.CharSize7,
            8 => Termios.CharSize8,
            _ => throw new ArgumentException($"{settings.DataBits} data bits are not supported (7 or 8).", nameof(settings)),
        };
        control |= settings.StopBits switch
        {
            StopBits.One => 0u,
            StopBits.Two => Termios.TwoStopBits,
            _ => throw new ArgumentException($"Stop bits {settings.StopBits} are not supported (One or Two).", nameof(settings)),
        };
        control |= settings.Parity switch
        {
            Parity.None => 0u,
            Parity.Even => Termios.ParityEnable,
            Parity.Odd => Termios.ParityEnable | Termios.ParityOdd,
            Parity.Mark => Termios.ParityEnable | Termios.StickParity | Termios.ParityOdd,
            Parity.Space => Termios.ParityEnable | Termios.StickParity,
            _ => throw new ArgumentException($"Parity {settings.Parity} is not supported.", nameof(settings)),
        };
        termios->ControlFlags = control;

        // Check parity on input when the line has it; a character with a parity error then reads as NUL, which the
        // protocols' checksums reject. No software flow control: XON/XOFF bytes are data to a meter.
        uint input = termios->InputFlags & ~(Termios.XonXoffOutput | Termios.XonXoffInput | Termios.XonXoffAny
            | Termios.InputParityCheck | Termios.IgnorePar | Termios.ParityMark | Termios.StripHighBit);
        if (settings.Parity != Parity.None)
        {
            input |= Termios.InputParityCheck;
        }

        termios->InputFlags = input;
        termios->ControlChars[Termios.VMin] = 0;
        termios->ControlChars[Termios.VTime] = 0;

        // cfset*speed fail only for a value that is not a B* constant, which SpeedConstant never returns.
        _ = LibcTerminal.SetInputSpeed(termios, speed);
        _ = LibcTerminal.SetOutputSpeed(termios, speed);
    }

    /// <summary>The termbits B* constant for a rate in bits per second (asm-generic/termbits*.h).</summary>
    public static uint SpeedConstant(int baudRate) => baudRate switch
    {
        300 => 0x7,       // B300: IEC 62056-21 sign-on
        600 => 0x8,
        1200 => 0x9,
        2400 => 0xB,      // SDM120 default
        4800 => 0xC,
        9600 => 0xD,      // DSMR 2.2/3, SDM630, IEC mode C
        19200 => 0xE,
        38400 => 0xF,
        57600 => 0x1001,  // CBAUDEX rates
        115200 => 0x1002, // DSMR 4/5
        230400 => 0x1003,
        _ => throw new ArgumentException($"Baud rate {baudRate} is not a standard termios rate (300 to 230400).", nameof(baudRate)),
    };
}
