using Edge.MeterAdapter.Obis;

namespace Edge.MeterAdapter.Tests.Obis;

public class ObisCodeTests
{
    [Theory]
    [InlineData("1-0:1.8.1", 1, 0, 1, 8, 1)]
    [InlineData("0-1:24.2.1", 0, 1, 24, 2, 1)]
    [InlineData("1-3:0.2.8", 1, 3, 0, 2, 8)]
    [InlineData("0-0:96.14.0", 0, 0, 96, 14, 0)]
    public void Parses_dsmr_codes(string text, int a, int b, int c, int d, int e)
    {
        var code = ObisCode.Parse(text);
        Assert.Equal((byte?)a, code.A);
        Assert.Equal((byte?)b, code.B);
        Assert.Equal(c, code.C);
        Assert.Equal(d, code.D);
        Assert.Equal((byte?)e, code.E);
        Assert.Null(code.F);
        Assert.Equal(text, code.ToString());
        Assert.Equal(new ObisCode((byte)a, (byte)b, (byte)c, (byte)d, (byte)e), code);
    }

    [Theory]
    [InlineData("1-0:1.8.0*255", "1-0:1.8.0*255")]
    [InlineData("1.8.0", "1.8.0")]
    [InlineData("0.9.1", "0.9.1")]
    [InlineData("C.1.0", "96.1.0")]
    [InlineData("F.F", "97.97")]
    [InlineData("1-0:C.7.0", "1-0:96.7.0")]
    public void Round_trips_reduced_forms(string text, string formatted) => Assert.Equal(formatted, ObisCode.Parse(text).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("1-0:")]
    [InlineData("1-0:1.8")]
    [InlineData("1-0:1.8.1.")]
    [InlineData("1:1.8.1")]
    [InlineData("1-0:1.8.256")]
    [InlineData("1-0:1.8.0001")]
    [InlineData("1-0:1,8.1")]
    [InlineData("1.8*255")]
    [InlineData("1-0:1.8.1*")]
    [InlineData("X.8.0")]
    [InlineData(" 1.8.0")]
    public void Rejects_malformed_codes(string text) => Assert.False(ObisCode.TryParse(text, out _));

    [Fact]
    public void Reduced_code_matches_full_code_but_is_not_equal()
    {
        var reduced = ObisCode.Parse("1.8.0");
        Assert.True(reduced.Matches(ObisCode.Parse("1-0:1.8.0")));
        Assert.True(reduced.Matches(ObisCode.Parse("1-0:1.8.0*255")));
        Assert.False(reduced.Matches(ObisCode.Parse("1-0:1.8.1")));
        Assert.False(ObisCode.Parse("1-0:1.8.0").Matches(ObisCode.Parse("2-0:1.8.0")));
        Assert.NotEqual(reduced, ObisCode.Parse("1-0:1.8.0"));
        Assert.Equal(ObisCode.Reduced(1, 8, 0), reduced);
    }

    [Fact]
    public void WithoutF_drops_group_f() => Assert.Equal(ObisCode.Parse("1-0:1.8.0"), ObisCode.Parse("1-0:1.8.0*255").WithoutF());

    [Fact]
    public void WithChannel_replaces_group_b()
    {
        Assert.Equal("0-3:24.2.1", ObisCode.Parse("0-1:24.2.1").WithChannel(3).ToString());
    }
}
