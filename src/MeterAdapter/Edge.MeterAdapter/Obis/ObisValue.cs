namespace Edge.MeterAdapter.Obis;

/// <summary>
/// One parenthesised value of a data set, "(value*unit)" or "(value)", as IEC 62056-21 §6.5 and the DSMR P1
/// Companion Standard print them. Numbers are kept as text so registers convert exactly (never through double).
/// </summary>
public sealed record ObisValue(string Text, string? Unit)
{
    /// <summary>
    /// Reads a decimal number ("001234.567", "-0.5", "42") as an integer scaled by 10^<paramref name="decimals"/>:
    /// "001234.567" with 3 decimals is 1234567. Extra fraction digits are truncated toward zero, as a register
    /// display does. False for anything but [sign] digits [. digits], or on overflow.
    /// </summary>
    public bool TryGetFixedPoint(int decimals, out long scaled) => FixedPoint.TryParse(Text, decimals, out scaled);

    /// <summary>The number as a double, converted from its exact digits (mantissa / 10^fraction digits).</summary>
    public bool TryGetDouble(out double value) => FixedPoint.TryParseDouble(Text, out value);

    /// <summary>The value as an integer; false if it has a non-zero fraction.</summary>
    public bool TryGetInteger(out long value) => FixedPoint.TryParseInteger(Text, out value);

    public override string ToString() => Unit is null ? $"({Text})" : $"({Text}*{Unit})";
}
