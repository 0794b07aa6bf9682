using System.Globalization;

namespace Edge.Gateway.Api;

/// <summary>How times and durations are written for people, the same on the CLI and the technician page.</summary>
internal static class HumanFormat
{
    public static string Time(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) ?? "never";

    /// <summary>Current per phase as "1 / 2 / 3 A" ("-" for a phase not reported); "-" when the meter reports none.</summary>
    public static string Currents(IReadOnlyList<double?> amperes) =>
        amperes.Count == 0
            ? "-"
            : string.Join(" / ", amperes.Select(a => a?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-")) + " A";

    /// <summary>A counter per phase as "2 / 1 / 0" ("-" for a phase not reported); "-" when the meter reports none.</summary>
    public static string PerPhase(IReadOnlyList<int?> counts) =>
        counts.Count == 0
            ? "-"
            : string.Join(" / ", counts.Select(c => c?.ToString(CultureInfo.InvariantCulture) ?? "-"));

    public static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Floor(Math.Max(0, seconds)));
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays} d {span.Hours} h" : $"{span.Hours} h {span.Minutes} min";
    }
}
