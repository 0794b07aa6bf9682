using System.Globalization;
using System.Text;
using CsCheck;
using Edge.Trainer.Data;

namespace Edge.Trainer.Tests.Data;

/// <summary>The fast path must give exactly what .NET's float parser gives (the independent reference).</summary>
public class Utf8DecimalTests
{
    private static void AssertSameAsFloatParse(string text)
    {
        var expectedOk = float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected);
        var ok = Utf8Decimal.TryParse(Encoding.UTF8.GetBytes(text), out var actual);
        Assert.Equal(expectedOk, ok);
        if (ok)
        {
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"'{text}': {expected:R} vs {actual:R}");
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("12.34")]
    [InlineData("800003")]
    [InlineData("16777216")]
    [InlineData("16777217")]
    [InlineData("0.1")]
    [InlineData("9999999.9")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("+3")]
    [InlineData("1e5")]
    [InlineData("NaN")]
    [InlineData("abc")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("0.00000000001")]
    public void Special_cases_match_float_parse(string text) => AssertSameAsFloatParse(text);

    [Fact]
    public void Random_decimals_match_float_parse()
    {
        var digits = Gen.Int[0, 9].Array[0, 10].Select(a => string.Concat(a));
        Gen.Select(Gen.Bool, digits, Gen.Bool, digits).Sample((negative, whole, point, fraction) =>
            AssertSameAsFloatParse((negative ? "-" : "") + whole + (point ? "." + fraction : "")));
    }
}
