using Edge.MeterAdapter.Obis;

namespace Edge.MeterAdapter.Tests.Obis;

public class ObisValueTests
{
    [Theory]
    [InlineData("001234.567", 3, 1234567L)]
    [InlineData("001234.5", 3, 1234500L)]
    [InlineData("001234", 3, 1234000L)]
    [InlineData("00464.4947620", 3, 464494L)] // extra digits truncate toward zero
    [InlineData("-0.5", 3, -500L)]
    [InlineData("+7", 0, 7L)]
    [InlineData("999999999.999", 3, 999999999999L)]
    [InlineData("0000000000000000000000012.5", 1, 125L)] // leading zeros never overflow
    public void Fixed_point_is_exact(string text, int decimals, long expected)
    {
        Assert.True(new ObisValue(text, null).TryGetFixedPoint(decimals, out var scaled));
        Assert.Equal(expected, scaled);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("1.2.3")]
    [InlineData("1,5")]
    [InlineData("12a")]
    [InlineData("-")]
    [InlineData("99999999999999999999")]
    public void Fixed_point_rejects(string text) => Assert.False(new ObisValue(text, null).TryGetFixedPoint(3, out _));

    [Theory]
    [InlineData("00230.0", 230.0)]
    [InlineData("01.193", 1.193)]
    [InlineData("003.40", 3.4)]
    [InlineData("-000.001", -0.001)]
    public void Double_is_nearest_to_the_decimal(string text, double expected)
    {
        Assert.True(new ObisValue(text, null).TryGetDouble(out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("00004", true, 4L)]
    [InlineData("2.000", true, 2L)]
    [InlineData("2.5", false, 0L)]
    public void Integer_requires_zero_fraction(string text, bool ok, long expected)
    {
        Assert.Equal(ok, new ObisValue(text, null).TryGetInteger(out var value));
        if (ok)
        {
            Assert.Equal(expected, value);
        }
    }
}
