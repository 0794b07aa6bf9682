namespace Edge.Trainer.Data;

/// <summary>
/// Day column headers of the SGCC file: year first, '/' or '-' separated, month and day with or without a leading
/// zero (2014/1/1, 2014/01/01, 2014-01-01, 2014-1-1). Day-first and month-first dates are refused rather than guessed.
/// </summary>
public static class SgccDateHeader
{
    public const string AcceptedFormats = "yyyy/M/d or yyyy-MM-dd";

    public static bool TryParse(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        text = text.Trim();
        var separator = text.IndexOfAny('/', '-');
        if (separator != 4)
        {
            return false;
        }

        var sep = text[separator];
        Span<Range> parts = stackalloc Range[4];
        if (text.Split(parts, sep) != 3)
        {
            return false;
        }

        return int.TryParse(text[parts[0]], System.Globalization.NumberStyles.None, null, out var year)
            && TryParseSmall(text[parts[1]], out var month)
            && TryParseSmall(text[parts[2]], out var day)
            && month is >= 1 and <= 12
            && year is >= 1 and <= 9999
            && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && Assign(new DateOnly(year, month, day), out date);
    }

    /// <summary>The way SGCC writes dates, used by the writer: 2014/1/1.</summary>
    public static string Format(DateOnly date) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{date.Year}/{date.Month}/{date.Day}");

    private static bool TryParseSmall(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, null, out value) && text.Length is 1 or 2;

    private static bool Assign(DateOnly value, out DateOnly date)
    {
        date = value;
        return true;
    }
}
