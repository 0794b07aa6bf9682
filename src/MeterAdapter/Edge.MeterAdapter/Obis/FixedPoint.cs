namespace Edge.MeterAdapter.Obis;

/// <summary>Exact decimal text to scaled integer conversion for meter registers.</summary>
internal static class FixedPoint
{
    private const int MaxDigits = 18;

    public static bool TryParse(ReadOnlySpan<char> text, int decimals, out long scaled)
    {
        scaled = 0;
        if (!TrySplit(text, out var negative, out var integer, out var fraction))
        {
            return false;
        }

        long value = 0;
        foreach (var c in integer)
        {
            // Leading zeros do not count toward the overflow limit.
            if (value == 0 && c == '0')
            {
                continue;
            }

            if (value > (long.MaxValue - 9) / 10)
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        for (var i = 0; i < decimals; i++)
        {
            if (value > (long.MaxValue - 9) / 10)
            {
                return false;
            }

            value = (value * 10) + (i < fraction.Length ? fraction[i] - '0' : 0);
        }

        scaled = negative ? -value : value;
        return true;
    }

    public static bool TryParseInteger(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        return TrySplit(text, out _, out _, out var fraction)
            && !fraction.ContainsAnyExcept('0')
            && TryParse(text, 0, out value);
    }

    public static bool TryParseDouble(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        if (!TrySplit(text, out var negative, out var integer, out var fraction))
        {
            return false;
        }

        var digits = fraction.Length > MaxDigits ? MaxDigits : fraction.Length;
        if (!TryParse(text, digits, out var mantissa))
        {
            return false;
        }

        // Exact when the mantissa fits in 53 bits; one correctly rounded division otherwise.
        value = mantissa / Math.Pow(10, digits);
        if (negative && value == 0)
        {
            value = -0.0;
        }

        return true;
    }

    private static bool TrySplit(ReadOnlySpan<char> text, out bool negative, out ReadOnlySpan<char> integer, out ReadOnlySpan<char> fraction)
    {
        negative = false;
        integer = default;
        fraction = default;
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            negative = text[0] == '-';
            text = text[1..];
        }

        var dot = text.IndexOf('.');
        integer = dot < 0 ? text : text[..dot];
        fraction = dot < 0 ? default : text[(dot + 1)..];
        if (integer.Length == 0 || (dot >= 0 && fraction.Length == 0))
        {
            return false;
        }

        return !integer.ContainsAnyExceptInRange('0', '9') && !fraction.ContainsAnyExceptInRange('0', '9');
    }
}
