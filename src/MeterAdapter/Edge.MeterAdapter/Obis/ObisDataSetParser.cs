using System.Text;

namespace Edge.MeterAdapter.Obis;

/// <summary>
/// Parses data lines of the form <c>ADDRESS(value*unit)(value)...</c> shared by DSMR P1 (Companion Standard v5.0.2 §6.4)
/// and IEC 62056-21 data messages (§6.5: several data sets may share one line, e.g. "1.8.0(1*kWh)2.8.0(0*kWh)").
/// Input is one line without its CR LF. A value is everything between '(' and ')'; its unit follows the first '*'.
/// </summary>
public static class ObisDataSetParser
{
    /// <summary>Longest value accepted (DSMR 0-0:96.13.0 text messages are up to 2048 hex characters).</summary>
    public const int MaxValueLength = 2048;

    /// <summary>Parses every data set on <paramref name="line"/> and appends them to <paramref name="sets"/>.</summary>
    public static bool TryParseLine(ReadOnlySpan<byte> line, ICollection<ObisDataSet> sets, out ObisSyntaxError error)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var position = 0;
        if (line.IsEmpty)
        {
            error = new ObisSyntaxError(1, "empty line");
            return false;
        }

        while (position < line.Length)
        {
            var open = line[position..].IndexOf((byte)'(');
            if (open < 0)
            {
                error = position == 0
                    ? new ObisSyntaxError(line.Length + 1, "expected '(' after the OBIS code")
                    : new ObisSyntaxError(position + 1, "expected '(' or another data set after ')'");
                return false;
            }

            var address = line.Slice(position, open);
            if (!ObisCode.TryParse(address, out var code))
            {
                error = new ObisSyntaxError(position + 1, $"'{Ascii(address)}' is not an OBIS code");
                return false;
            }

            var values = new List<ObisValue>(2);
            position += open;
            if (!TryParseValues(line, ref position, values, out error))
            {
                return false;
            }

            sets.Add(new ObisDataSet(code, values));
        }

        error = default;
        return true;
    }

    /// <summary>Parses a line that consists only of values, e.g. the DSMR 2.2 gas line "(00001.001)".</summary>
    public static bool TryParseValueLine(ReadOnlySpan<byte> line, ICollection<ObisValue> values, out ObisSyntaxError error)
    {
        var position = 0;
        if (!TryParseValues(line, ref position, values, out error))
        {
            return false;
        }

        if (position != line.Length)
        {
            error = new ObisSyntaxError(position + 1, "unexpected text after the last ')'");
            return false;
        }

        return true;
    }

    /// <summary>Reads consecutive "(...)" groups starting at <paramref name="position"/>, which must be a '('.</summary>
    private static bool TryParseValues(ReadOnlySpan<byte> line, ref int position, ICollection<ObisValue> values, out ObisSyntaxError error)
    {
        if (position >= line.Length || line[position] != (byte)'(')
        {
            error = new ObisSyntaxError(position + 1, "expected '('");
            return false;
        }

        while (position < line.Length && line[position] == (byte)'(')
        {
            var body = line[(position + 1)..];
            var close = body.IndexOfAny((byte)')', (byte)'(');
            if (close < 0 || body[close] != (byte)')')
            {
                error = new ObisSyntaxError(position + 1, "'(' without a matching ')'");
                return false;
            }

            body = body[..close];
            if (body.Length > MaxValueLength)
            {
                error = new ObisSyntaxError(position + 2, $"value longer than {MaxValueLength} characters");
                return false;
            }

            var bad = body.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
            if (bad >= 0)
            {
                error = new ObisSyntaxError(position + 2 + bad, $"byte 0x{body[bad]:X2} is not printable ASCII");
                return false;
            }

            var star = body.IndexOf((byte)'*');
            values.Add(star < 0
                ? new ObisValue(Ascii(body), null)
                : new ObisValue(Ascii(body[..star]), Ascii(body[(star + 1)..])));
            position += close + 2;
        }

        error = default;
        return true;
    }

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
