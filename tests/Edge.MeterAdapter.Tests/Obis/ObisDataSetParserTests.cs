using System.Text;
using Edge.MeterAdapter.Obis;

namespace Edge.MeterAdapter.Tests.Obis;

public class ObisDataSetParserTests
{
    private static List<ObisDataSet> Parse(string line)
    {
        var sets = new List<ObisDataSet>();
        Assert.True(ObisDataSetParser.TryParseLine(Encoding.ASCII.GetBytes(line), sets, out var error), error.ToString());
        return sets;
    }

    private static ObisSyntaxError Fail(string line)
    {
        Assert.False(ObisDataSetParser.TryParseLine(Encoding.ASCII.GetBytes(line), new List<ObisDataSet>(), out var error));
        return error;
    }

    [Fact]
    public void Dsmr_register_line()
    {
        var set = Assert.Single(Parse("1-0:1.8.1(001234.567*kWh)"));
        Assert.Equal(ObisCode.Parse("1-0:1.8.1"), set.Code);
        Assert.Equal(new ObisValue("001234.567", "kWh"), Assert.Single(set.Values));
    }

    [Fact]
    public void Multi_value_line()
    {
        var set = Assert.Single(Parse("0-1:24.2.1(161129200000W)(00981.443*m3)"));
        Assert.Equal([new ObisValue("161129200000W", null), new ObisValue("00981.443", "m3")], set.Values);
    }

    [Fact]
    public void Several_iec_data_sets_on_one_line()
    {
        var sets = Parse("1.8.0(001234.567*kWh)2.8.0(000000.000*kWh)F.F(00)");
        Assert.Equal(["1.8.0", "2.8.0", "97.97"], sets.Select(s => s.Code.ToString()));
        Assert.Equal("00", sets[2].Values[0].Text);
    }

    [Fact]
    public void Empty_value_is_allowed()
    {
        Assert.Equal(new ObisValue("", null), Assert.Single(Assert.Single(Parse("0-0:96.13.0()")).Values));
    }

    [Theory]
    [InlineData("1-0:1.8.1", 10, "expected '('")]
    [InlineData("1-0:1.8.1(001234.567*kWh", 10, "without a matching")]
    [InlineData("1-0:1.8.1(0012(34)", 10, "without a matching")]
    [InlineData("1-0:1.8.1(1)x", 13, "expected '('")]
    [InlineData("1-0:1.8.Q(1)", 1, "not an OBIS code")]
    [InlineData("", 1, "empty")]
    public void Errors_name_the_column(string line, int column, string message)
    {
        var error = Fail(line);
        Assert.Equal(column, error.Column);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_bytes_inside_a_value_are_rejected()
    {
        var line = new byte[] { (byte)'1', (byte)'.', (byte)'8', (byte)'.', (byte)'0', (byte)'(', (byte)'1', 0x07, (byte)')' };
        Assert.False(ObisDataSetParser.TryParseLine(line, new List<ObisDataSet>(), out var error));
        Assert.Equal(8, error.Column);
    }

    [Fact]
    public void Value_only_line()
    {
        var values = new List<ObisValue>();
        Assert.True(ObisDataSetParser.TryParseValueLine("(00001.001)"u8, values, out _));
        Assert.Equal(new ObisValue("00001.001", null), Assert.Single(values));
        Assert.False(ObisDataSetParser.TryParseValueLine("(1)x"u8, values, out _));
    }
}
