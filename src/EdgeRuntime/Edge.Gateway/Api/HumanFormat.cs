using System.Globalization;

namespace Edge.Gateway.Api;

/// <summary>How times and durations are written for people, the same on the CLI and the technician page.</summary>
internal static class HumanFormat
{
    public static string Time(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) ?? "never";

    public static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Floor(Math.Max(0, seconds)));
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays} d {span.Hours} h" : $"{span.Hours} h {span.Minutes} min";
    }
}
