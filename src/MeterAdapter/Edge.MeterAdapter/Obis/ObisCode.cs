using System.Globalization;

namespace Edge.MeterAdapter.Obis;

/// <summary>
/// An OBIS identifier A-B:C.D.E*F (IEC 62056-61). Meters print reduced forms: IEC 62056-21 data lines usually drop
/// A-B ("1.8.0"), DSMR drops F ("1-0:1.8.0"), and some IEC registers drop E ("F.F", only without A-B). Absent groups are remembered,
/// so formatting round-trips; use <see cref="Matches"/> to compare a reduced code with a full one.
/// </summary>
public readonly struct ObisCode : IEquatable<ObisCode>, ISpanFormattable
{
    private readonly byte _a;
    private readonly byte _b;
    private readonly byte _e;
    private readonly byte _f;
    private readonly Groups _present;

    /// <summary>A code with every group present except, by default, F (as DSMR prints them).</summary>
    public ObisCode(byte a, byte b, byte c, byte d, byte e)
        : this(a, b, c, d, e, 0, Groups.AB | Groups.E)
    {
    }

    public ObisCode(byte a, byte b, byte c, byte d, byte e, byte f)
        : this(a, b, c, d, e, f, Groups.AB | Groups.E | Groups.F)
    {
    }

    private ObisCode(byte a, byte b, byte c, byte d, byte e, byte f, Groups present)
    {
        _a = a;
        _b = b;
        C = c;
        D = d;
        _e = e;
        _f = f;
        _present = present;
    }

    [Flags]
    private enum Groups : byte
    {
        None = 0,
        AB = 1,
        E = 2,
        F = 4,
    }

    /// <summary>Medium (1 = electricity, 7 = gas ...); null when the code was written without "A-B:".</summary>
    public byte? A => HasMedium ? _a : null;

    /// <summary>Channel (DSMR M-Bus channel 1-4 in 0-n:24.2.1); null when written without "A-B:".</summary>
    public byte? B => HasMedium ? _b : null;

    public byte C { get; }

    public byte D { get; }

    public byte? E => (_present & Groups.E) != 0 ? _e : null;

    public byte? F => (_present & Groups.F) != 0 ? _f : null;

    public bool HasMedium => (_present & Groups.AB) != 0;

    /// <summary>A code with only C.D.E, as IEC 62056-21 data lines usually print it.</summary>
    public static ObisCode Reduced(byte c, byte d, byte e) => new(0, 0, c, d, e, 0, Groups.E);

    /// <summary>
    /// True when every group present in both codes is equal: "1.8.0" matches "1-0:1.8.0" and "1-0:1.8.0*255",
    /// but "1.8.0" does not match "1.8.1".
    /// </summary>
    public bool Matches(ObisCode other)
    {
        if (C != other.C || D != other.D)
        {
            return false;
        }

        var both = _present & other._present;
        return ((both & Groups.AB) == 0 || (_a == other._a && _b == other._b))
            && ((both & Groups.E) == 0 || _e == other._e)
            && ((both & Groups.F) == 0 || _f == other._f);
    }

    /// <summary>The same code with group B (the channel) replaced, e.g. to build 0-2:24.2.1 from 0-1:24.2.1.</summary>
    public ObisCode WithChannel(byte b) => new(_a, b, C, D, _e, _f, _present | Groups.AB);

    /// <summary>The same code without group F, e.g. to compare "1-0:1.8.0*255" (EasyMeter Q3D) with "1-0:1.8.0".</summary>
    public ObisCode WithoutF() => new(_a, _b, C, D, _e, 0, _present & ~Groups.F);

    public static ObisCode Parse(string text) =>
        TryParse(text, out var code)
            ? code
            : throw new FormatException($"'{text}' is not an OBIS code (expected A-B:C.D.E*F, C.D.E or C.D).");

    public static bool TryParse(ReadOnlySpan<char> text, out ObisCode code)
    {
        code = default;
        if (text.Length > 32)
        {
            return false;
        }

        Span<byte> ascii = stackalloc byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0x7F)
            {
                return false;
            }

            ascii[i] = (byte)text[i];
        }

        return TryParse(ascii, out code);
    }

    /// <summary>Parses ASCII bytes as printed by meters. The whole span must be the code.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out ObisCode code)
    {
        code = default;
        var reader = new GroupReader(text);
        var present = Groups.None;
        byte a = 0, b = 0, e = 0, f = 0;

        // "A-B:" is present exactly when the text has a ':'.
        if (text.IndexOf((byte)':') >= 0)
        {
            if (!reader.TryNumber(out a) || !reader.TryConsume((byte)'-') || !reader.TryNumber(out b) || !reader.TryConsume((byte)':'))
            {
                return false;
            }

            present |= Groups.AB;
        }

        if (!reader.TryGroupCd(out var c) || !reader.TryConsume((byte)'.') || !reader.TryGroupCd(out var d))
        {
            return false;
        }

        if (reader.TryConsume((byte)'.'))
        {
            if (!reader.TryNumber(out e))
            {
                return false;
            }

            present |= Groups.E;
        }

        if (reader.TryConsume((byte)'*'))
        {
            if ((present & Groups.E) == 0 || !reader.TryNumber(out f))
            {
                return false;
            }

            present |= Groups.F;
        }

        // A full code always has E; only the IEC reduced form ("F.F") may omit it.
        if (!reader.AtEnd || ((present & Groups.AB) != 0 && (present & Groups.E) == 0))
        {
            return false;
        }

        code = new ObisCode(a, b, c, d, e, f, present);
        return true;
    }

    public override string ToString() => ToString(null, null);

    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        Span<char> buffer = stackalloc char[24];
        TryFormat(buffer, out var written, default, null);
        return new string(buffer[..written]);
    }

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var inv = CultureInfo.InvariantCulture;
        return (_present & (Groups.AB | Groups.E | Groups.F)) switch
        {
            Groups.AB | Groups.E | Groups.F => destination.TryWrite(inv, $"{_a}-{_b}:{C}.{D}.{_e}*{_f}", out charsWritten),
            Groups.AB | Groups.E => destination.TryWrite(inv, $"{_a}-{_b}:{C}.{D}.{_e}", out charsWritten),
            Groups.E | Groups.F => destination.TryWrite(inv, $"{C}.{D}.{_e}*{_f}", out charsWritten),
            Groups.E => destination.TryWrite(inv, $"{C}.{D}.{_e}", out charsWritten),
            _ => destination.TryWrite(inv, $"{C}.{D}", out charsWritten),
        };
    }

    public bool Equals(ObisCode other) =>
        _present == other._present && C == other.C && D == other.D
        && (!HasMedium || (_a == other._a && _b == other._b))
        && (E is null || _e == other._e)
        && (F is null || _f == other._f);

    public override bool Equals(object? obj) => obj is ObisCode other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_present, A, B, C, D, E, F);

    public static bool operator ==(ObisCode left, ObisCode right) => left.Equals(right);

    public static bool operator !=(ObisCode left, ObisCode right) => !left.Equals(right);

    private ref struct GroupReader(ReadOnlySpan<byte> text)
    {
        private readonly ReadOnlySpan<byte> _text = text;
        private int _position;

        public readonly bool AtEnd => _position == _text.Length;

        public bool TryConsume(byte expected)
        {
            if (_position < _text.Length && _text[_position] == expected)
            {
                _position++;
                return true;
            }

            return false;
        }

        /// <summary>1-3 decimal digits, 0..255.</summary>
        public bool TryNumber(out byte value)
        {
            value = 0;
            var start = _position;
            var n = 0;
            while (_position < _text.Length && _position - start < 3 && char.IsAsciiDigit((char)_text[_position]))
            {
                n = (n * 10) + (_text[_position] - '0');
                _position++;
            }

            if (_position == start || n > 255 || (_position < _text.Length && char.IsAsciiDigit((char)_text[_position])))
            {
                return false;
            }

            value = (byte)n;
            return true;
        }

        /// <summary>
        /// Groups C and D also accept the IEC 62056-61 letters C = 96 (general service), F = 97 (error),
        /// L = 98 (list) and P = 99 (profile), as in "C.1.0" or "F.F".
        /// </summary>
        public bool TryGroupCd(out byte value)
        {
            if (_position < _text.Length)
            {
                byte? letter = _text[_position] switch
                {
                    (byte)'C' => 96,
                    (byte)'F' => 97,
                    (byte)'L' => 98,
                    (byte)'P' => 99,
                    _ => null,
                };
                if (letter is { } l)
                {
                    _position++;
                    value = l;
                    return true;
                }
            }

            return TryNumber(out value);
        }
    }
}
