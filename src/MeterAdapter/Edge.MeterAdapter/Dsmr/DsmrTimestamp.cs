using System.Globalization;

namespace Edge.MeterAdapter.Dsmr;

/// <summary>
/// The P1 timestamp TST = YYMMDDhhmmssX (DSMR P1 Companion Standard v5.0.2 Table 5-1): local time with X = 'S' when
/// daylight saving is active and 'W' otherwise. For NL/BE/LU the offsets are UTC+2 (S) and UTC+1 (W).
/// DSMR 2.2/3.0 print 12 digits without X; those are read in a configured time zone.
/// Parse and format live together so the writer and parser cannot drift apart.
/// </summary>
public static class DsmrTimestamp
{
    private static readonly TimeSpan Summer = TimeSpan.FromHours(2);
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);

    public static bool TryParse(ReadOnlySpan<char> text, TimeZoneInfo? zoneForUnsuffixed, out DateTimeOffset value)
    {
        value = default;
        if (text.Length is not (12 or 13) || text[..12].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var year = 2000 + Two(text, 0);
        var month = Two(text, 2);
        var day = Two(text, 4);
        var hour = Two(text, 6);
        var minute = Two(text, 8);
        var second = Two(text, 10);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        if (text.Length == 13)
        {
            TimeSpan offset;
            switch (text[12])
            {
                case 'S':
                    offset = Summer;
                    break;
                case 'W':
                    offset = Winter;
                    break;
                default:
                    return false;
            }

            value = new DateTimeOffset(local, offset);
            return true;
        }

        if (zoneForUnsuffixed is null)
        {
            return false;
        }

        value = new DateTimeOffset(local, zoneForUnsuffixed.GetUtcOffset(local));
        return true;
    }

    /// <summary>Formats as YYMMDDhhmmssX in the NL/BE convention: 'S' for UTC+2, 'W' for UTC+1; other offsets are converted to UTC+1.</summary>
    public static string Format(DateTimeOffset time)
    {
        if (time.Offset != Summer && time.Offset != Winter)
        {
            time = time.ToOffset(Winter);
        }

        var suffix = time.Offset == Summer ? 'S' : 'W';
        return time.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>Formats as 12 digits without season letter (DSMR 2.2/3.0 gas capture time), in the offset given.</summary>
    public static string FormatUnsuffixed(DateTimeOffset time) => time.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>Meters with an unset clock send 00-01-01 (2000-01-01); M-Bus channels without a device send 70-01-01.</summary>
    public static bool IsPlaceholder(DateTimeOffset time) => (time.Year == 2000 && time.Month == 1 && time.Day == 1) || time.Year == 2070;

    private static int Two(ReadOnlySpan<char> text, int at) => ((text[at] - '0') * 10) + (text[at + 1] - '0');
}
