using System.Globalization;

namespace Edge.Trainer.Data;

/// <summary>
/// Parses a kWh cell from UTF-8 bytes. Plain decimals with at most 7 significant digits (SGCC's "12.34") take
/// Clinger's fast path: the digits form an integer m below 2^24 and the point sits k &lt;= 10 places in, so m and 10^k
/// are exact floats and one IEEE division gives the correctly rounded result, the same float float.Parse returns
/// (W. D. Clinger, "How to Read Floating Point Numbers Accurately", PLDI 1990). Anything else goes to float.TryParse.
/// </summary>
internal static class Utf8Decimal
{
    private const int MaxExactMantissa = 1 << 24;

    private static readonly float[] PowersOfTen = [1f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f];

    public static bool TryParse(ReadOnlySpan<byte> text, out float value)
    {
        var i = 0;
        var negative = text.Length > 0 && text[0] == (byte)'-';
        if (negative)
        {
            i = 1;
        }

        var mantissa = 0;
        var integerDigits = 0;
        while (i < text.Length && (uint)(text[i] - '0') <= 9 && mantissa < MaxExactMantissa)
        {
            mantissa = (mantissa * 10) + (text[i] - '0');
            i++;
            integerDigits++;
        }

        var fractionDigits = 0;
        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            while (i < text.Length && (uint)(text[i] - '0') <= 9 && mantissa < MaxExactMantissa)
            {
                mantissa = (mantissa * 10) + (text[i] - '0');
                i++;
                fractionDigits++;
            }

            if (fractionDigits == 0)
            {
                integerDigits = 0; // "1." -> general parser
            }
        }

        if (i == text.Length && integerDigits > 0 && mantissa <= MaxExactMantissa && fractionDigits < PowersOfTen.Length)
        {
            var magnitude = mantissa / PowersOfTen[fractionDigits];
            value = negative ? -magnitude : magnitude;
            return true;
        }

        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
