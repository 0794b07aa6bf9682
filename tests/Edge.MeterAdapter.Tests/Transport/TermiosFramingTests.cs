using Edge.MeterAdapter.Transport;

namespace Edge.MeterAdapter.Tests.Transport;

/// <summary>
/// The c_cflag bits a pty cannot show (the Linux pty driver forces CS8 and clears PARENB), checked on the flag word
/// against the values in Linux's asm-generic/termbits.h, written here as the header writes them.
/// </summary>
public sealed unsafe class TermiosFramingTests
{
    // asm-generic/termbits.h: CSIZE 0x30 (CS7 0x20, CS8 0x30), CSTOPB 0x40, PARENB 0x100, PARODD 0x200;
    // termbits-common.h: CMSPAR 0x40000000.
    private const uint FramingBits = 0x30 | 0x40 | 0x100 | 0x200 | 0x40000000;

    [Theory]
    [InlineData(8, Parity.None, StopBits.One, 0x30u)]
    [InlineData(7, Parity.Even, StopBits.One, 0x20u | 0x100u)]
    [InlineData(7, Parity.Odd, StopBits.Two, 0x20u | 0x100u | 0x200u | 0x40u)]
    [InlineData(8, Parity.Mark, StopBits.One, 0x30u | 0x100u | 0x200u | 0x40000000u)]
    [InlineData(8, Parity.Space, StopBits.One, 0x30u | 0x100u | 0x40000000u)]
    public void Data_bits_parity_and_stop_bits_set_the_header_bits(int dataBits, Parity parity, StopBits stopBits, uint expected)
    {
        // Start from every framing bit set, so a bit that should be clear must have been cleared.
        Termios termios = default;
        termios.ControlFlags = FramingBits;

        TermiosFraming.Apply(&termios, new SerialSettings(9600, dataBits, parity, stopBits));

        Assert.Equal(expected, termios.ControlFlags & FramingBits);
    }

    [Fact]
    public void The_struct_has_glibc_s_size_of_60_bytes()
    {
        // bits/termios-struct.h: 4 tcflag_t, cc_t c_line, cc_t c_cc[32], 2 speed_t → 16 + 1 + 32 + 3 padding + 8.
        Assert.Equal(60, sizeof(Termios));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    public void Data_bits_other_than_7_or_8_are_refused(int dataBits)
    {
        var error = Assert.Throws<ArgumentException>(() => ApplyToBlank(new SerialSettings(9600, dataBits, Parity.None, StopBits.One)));
        Assert.Contains($"{dataBits} data bits", error.Message, StringComparison.Ordinal);
    }

    private static void ApplyToBlank(SerialSettings settings)
    {
        Termios termios = default;
        TermiosFraming.Apply(&termios, settings);
    }
}
