using System.Globalization;

namespace Edge.Gateway.Commands;

/// <summary>How the CLI writes times, durations and energies: the same way in every table.</summary>
internal static class CliFormat
{
    public static string Time(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) ?? "never";

    public static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Floor(Math.Max(0, seconds)));
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays} d {span.Hours} h" : $"{span.Hours} h {span.Minutes} min";
    }
}
