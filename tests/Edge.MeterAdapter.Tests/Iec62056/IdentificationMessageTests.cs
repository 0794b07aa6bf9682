using System.Text;
using Edge.MeterAdapter.Iec62056;

namespace Edge.MeterAdapter.Tests.Iec62056;

public sealed class IdentificationMessageTests
{
    private static IdentificationMessage? Parse(string line, out string? error) => IdentificationMessage.Parse(Encoding.ASCII.GetBytes(line), out error);

    [Fact]
    public void Mode_c_identification_with_fast_reaction()
    {
        var id = Parse("/ISk5MT174-0001\r\n", out _);

        Assert.NotNull(id);
        Assert.Equal("ISk", id.Manufacturer);
        Assert.Equal(Iec62056Mode.C, id.Mode);
        Assert.Equal(9600, id.BaudRate);
        Assert.True(id.ReactsWithin20Ms);
        Assert.Equal("MT174-0001", id.Identification);
        Assert.Null(id.EnhancedCapability);
        Assert.Equal("/ISk5MT174-0001\r\n"u8.ToArray(), id.Encode());
    }

    [Fact]
    public void Enhanced_capability_pair_is_split_off()
    {
        var id = Parse("/LGZ4\\2ZMD3104100.B33\r\n", out _);

        Assert.NotNull(id);
        Assert.False(id.ReactsWithin20Ms);
        Assert.Equal(4800, id.BaudRate);
        Assert.Equal('2', id.EnhancedCapability);
        Assert.Equal("ZMD3104100.B33", id.Identification);
    }

    [Fact]
    public void Pwitab_identification_example()
    {
        // pwitab/iec62056-21 tests/test_data.py: "/Els6\2EK280" (Elster EK280). pwitab keeps "2EK280" as the
        // identification; the standard makes "\2" the enhanced-capability pair (mode E), leaving "EK280".
        var id = Parse("/Els6\\2EK280\r\n", out _);

        Assert.NotNull(id);
        Assert.Equal("Els", id.Manufacturer);
        Assert.True(id.ReactsWithin20Ms);
        Assert.Equal(19200, id.BaudRate);
        Assert.Equal('2', id.EnhancedCapability);
        Assert.Equal("EK280", id.Identification);
    }

    [Theory]
    [InlineData("/ABCDident\r\n", Iec62056Mode.B, 4800)]
    [InlineData("/ABCAident\r\n", Iec62056Mode.B, 600)]
    [InlineData("/ABCZident\r\n", Iec62056Mode.A, 300)]
    [InlineData("/ABC0ident\r\n", Iec62056Mode.C, 300)]
    [InlineData("/ABC6ident\r\n", Iec62056Mode.C, 19200)]
    public void Baud_rate_character_gives_mode_and_rate(string line, Iec62056Mode mode, int baud)
    {
        var id = Parse(line, out _);
        Assert.Equal(mode, id!.Mode);
        Assert.Equal(baud, id.BaudRate);
    }

    [Theory]
    [InlineData("/ISk5MT174-0001", "CR LF")]
    [InlineData("ISk5MT174-0001\r\n", "CR LF")]
    [InlineData("/I5k5MT174\r\n", "three letters")]
    [InlineData("/ABC5\r\n", "1 to 16")]
    [InlineData("/ABC512345678901234567\r\n", "1 to 16")]
    [InlineData("/ABC5AB!C\r\n", "column 8")]
    public void Malformed_identification_says_what_is_wrong(string line, string expected)
    {
        Assert.Null(Parse(line, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    // Mode C baud rate characters: '0'..'6' = 300 × 2^n.
    [InlineData(300, '0')]
    [InlineData(599, '0')]
    [InlineData(600, '1')]
    [InlineData(5000, '4')]
    [InlineData(9600, '5')]
    [InlineData(19200, '6')]
    [InlineData(115200, '6')]
    public void Chosen_rate_maps_to_the_fastest_standard_character_not_above_it(int baud, char z)
    {
        Assert.Equal((byte)z, BaudRateCharacter.EncodeModeC(baud));
    }

    [Fact]
    public void Requests_are_the_standard_byte_sequences()
    {
        Assert.Equal([0x2F, 0x3F, 0x21, 0x0D, 0x0A], ModeCRequests.SignOn());
        Assert.Equal("/?12345678!\r\n"u8.ToArray(), ModeCRequests.SignOn("12345678"));
        // ACK '0' '5' '0' CR LF: normal protocol, 9600 baud, data readout.
        Assert.Equal([0x06, 0x30, 0x35, 0x30, 0x0D, 0x0A], ModeCRequests.DataReadoutAcknowledgement((byte)'5'));
        Assert.Throws<ArgumentException>(() => ModeCRequests.SignOn("12!4"));
    }
}
