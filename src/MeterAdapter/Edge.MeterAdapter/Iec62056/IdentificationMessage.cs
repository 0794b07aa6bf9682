using System.Text;

namespace Edge.MeterAdapter.Iec62056;

/// <summary>
/// The meter's answer to the sign-on request: <c>/ XXX Z [\W] identification CR LF</c> (IEC 62056-21, identification message).
/// XXX is the manufacturer's three-letter code (a lower-case third letter means the meter reacts within 20 ms instead
/// of 200 ms), Z the baud rate character, \W an optional enhanced-capability pair (W = '2': mode E / HDLC capable),
/// and the identification at most 16 printable characters other than '/' and '!'.
/// </summary>
public sealed record IdentificationMessage(string Manufacturer, byte BaudRateCharacter, char? EnhancedCapability, string Identification)
{
    public const int MaxIdentificationLength = 16;

    public Iec62056Mode Mode => Iec62056.BaudRateCharacter.Decode(BaudRateCharacter).Mode;

    /// <summary>The fastest rate the meter offers.</summary>
    public int BaudRate => Iec62056.BaudRateCharacter.Decode(BaudRateCharacter).BaudRate;

    public bool ReactsWithin20Ms => char.IsAsciiLetterLower(Manufacturer[2]);

    /// <summary>Parses one received line including its CR LF; returns null with the reason when it is not one.</summary>
    public static IdentificationMessage? Parse(ReadOnlySpan<byte> line, out string? error)
    {
        error = null;
        if (line.Length < 7 || line[0] != (byte)'/' || !line.EndsWith("\r\n"u8))
        {
            error = "expected '/XXXZ<identification>' ending in CR LF";
            return null;
        }

        var body = line[1..^2];
        var manufacturer = body[..3];
        if (!IsLetters(manufacturer))
        {
            error = "manufacturer code (columns 2-4) must be three letters";
            return null;
        }

        var z = body[3];
        char? enhanced = null;
        var ident = body[4..];
        if (ident.Length >= 2 && ident[0] == (byte)'\\')
        {
            enhanced = (char)ident[1];
            ident = ident[2..];
        }

        if (ident.IsEmpty || ident.Length > MaxIdentificationLength)
        {
            error = $"identification must be 1 to {MaxIdentificationLength} characters, got {ident.Length}";
            return null;
        }

        var bad = ident.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
        if (bad < 0)
        {
            bad = ident.IndexOfAny((byte)'/', (byte)'!');
        }

        if (z is < 0x20 or > 0x7E)
        {
            error = $"baud rate character (column 5) 0x{z:X2} is not printable";
            return null;
        }

        if (bad >= 0)
        {
            var column = line.Length - 2 - ident.Length + bad + 1;
            error = $"byte 0x{ident[bad]:X2} at column {column} is not allowed in an identification";
            return null;
        }

        return new IdentificationMessage(Encoding.ASCII.GetString(manufacturer), z, enhanced, Encoding.ASCII.GetString(ident));
    }

    /// <summary>The bytes a meter sends; used by the simulator and tests.</summary>
    public byte[] Encode()
    {
        var enhanced = EnhancedCapability is { } w ? $"\\{w}" : string.Empty;
        return Encoding.ASCII.GetBytes($"/{Manufacturer}{(char)BaudRateCharacter}{enhanced}{Identification}\r\n");
    }

    public override string ToString() => $"{Manufacturer} {Identification} (mode {Mode}, up to {BaudRate} baud)";

    private static bool IsLetters(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                return false;
            }
        }

        return true;
    }
}
