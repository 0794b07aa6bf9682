using System.Text;
using Edge.MeterAdapter.Obis;
using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Dsmr;

/// <summary>
/// Turns the text of one framed telegram into a <see cref="DsmrTelegram"/> (DSMR P1 Companion Standard v5.0.2 §6).
/// Codes are matched by value, not position ("the number of OBIS codes and the order of OBIS codes is not fixed",
/// §6.13). Unknown codes are ignored; a known code with a value that does not fit its format is an error, because
/// for CRC-less DSMR 2.2/3 telegrams strict parsing is the only defence against corrupted bytes.
/// </summary>
public static class DsmrTelegramParser
{
    /// <summary>Parses the telegram body: '/' up to (not including) '!'. Does not check the CRC.</summary>
    public static bool TryParse(
        ReadOnlySpan<byte> body,
        DateTimeOffset gatewayTime,
        DsmrOptions options,
        out DsmrTelegram? telegram,
        out DsmrParseError error)
    {
        ArgumentNullException.ThrowIfNull(options);
        telegram = null;
        var lineNumber = 1;
        var lineEnd = body.IndexOf((byte)'\n');
        if (lineEnd < 1 || body[lineEnd - 1] != (byte)'\r')
        {
            error = new DsmrParseError(1, lineEnd < 0 ? body.Length + 1 : lineEnd + 1, "identification line does not end with CR LF");
            return false;
        }

        if (!TryReadHeader(body[..(lineEnd - 1)], out var identification, out error))
        {
            return false;
        }

        var reading = new DsmrReadingBuilder(options.ZoneForUnsuffixedTimestamps);
        var sets = new List<ObisDataSet>(1);
        var rest = body[(lineEnd + 1)..];
        while (!rest.IsEmpty)
        {
            lineNumber++;
            lineEnd = rest.IndexOf((byte)'\n');
            if (lineEnd < 0)
            {
                // The body ends at '!', so the last line has its CR LF: anything else is a line cut short.
                error = new DsmrParseError(lineNumber, rest.Length + 1, "line does not end with CR LF before '!'");
                return false;
            }

            var line = rest[..lineEnd];
            rest = rest[(lineEnd + 1)..];
            if (line.IsEmpty || line[^1] != (byte)'\r')
            {
                error = new DsmrParseError(lineNumber, line.Length + 1, "line ends with LF without CR");
                return false;
            }

            line = line[..^1];
            if (line.IsEmpty)
            {
                continue;
            }

            string? problem;
            ObisSyntaxError syntax;
            if (line[0] == (byte)'(')
            {
                var values = new List<ObisValue>(1);
                if (!ObisDataSetParser.TryParseValueLine(line, values, out syntax))
                {
                    error = new DsmrParseError(lineNumber, syntax.Column, syntax.Message);
                    return false;
                }

                problem = reading.AddContinuation(values);
                if (problem is not null)
                {
                    error = new DsmrParseError(lineNumber, 1, problem);
                    return false;
                }

                continue;
            }

            sets.Clear();
            if (!ObisDataSetParser.TryParseLine(line, sets, out syntax))
            {
                error = new DsmrParseError(lineNumber, syntax.Column, syntax.Message);
                return false;
            }

            foreach (var set in sets)
            {
                problem = reading.Add(set);
                if (problem is not null)
                {
                    error = new DsmrParseError(lineNumber, 1, $"{set.Code}: {problem}");
                    return false;
                }
            }
        }

        var problemAtEnd = reading.Complete();
        if (problemAtEnd is not null)
        {
            error = new DsmrParseError(lineNumber, 1, problemAtEnd);
            return false;
        }

        telegram = new DsmrTelegram(identification, reading.Version, reading.Build(identification, gatewayTime));
        error = default;
        return true;
    }

    /// <summary>"/XXXZ Ident": '/', three manufacturer letters, the baud character, then the identification (§6.2).</summary>
    private static bool TryReadHeader(ReadOnlySpan<byte> header, out string identification, out DsmrParseError error)
    {
        identification = "";
        if (header.Length < 6 || header[0] != (byte)'/')
        {
            error = new DsmrParseError(1, 1, "identification line must be '/' + 3 letters + baud character + identification");
            return false;
        }

        for (var i = 1; i < 4; i++)
        {
            if (!char.IsAsciiLetter((char)header[i]))
            {
                error = new DsmrParseError(1, i + 1, "manufacturer code must be three letters");
                return false;
            }
        }

        var bad = header[1..].IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
        if (bad >= 0)
        {
            error = new DsmrParseError(1, bad + 2, $"byte 0x{header[bad + 1]:X2} in the identification line is not printable ASCII");
            return false;
        }

        identification = Encoding.ASCII.GetString(header[1..]);
        error = default;
        return true;
    }
}
