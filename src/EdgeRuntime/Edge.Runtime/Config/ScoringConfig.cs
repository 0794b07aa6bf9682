using System.Globalization;
using System.Text.Json.Serialization;

namespace Edge.Runtime.Config;

/// <summary>When meters are scored: <c>scoring</c> in the file. The window length comes from the active bundle's feature spec.</summary>
public sealed record ScoringConfig
{
    /// <summary>Local time of day ("HH:mm", in the gateway's time zone) at which every meter is scored.</summary>
    public string DailyAt { get; set; } = "02:00";

    /// <summary>The parsed <see cref="DailyAt"/>; valid after validation passed.</summary>
    [JsonIgnore]
    public TimeOnly DailyTime => TimeOnly.ParseExact(DailyAt, "HH:mm", CultureInfo.InvariantCulture);

    public void Validate(ConfigProblems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        problems.Check(
            TimeOnly.TryParseExact(DailyAt, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            ConfigProblems.Key(path, "dailyAt"),
            $"'{DailyAt}' is not a time of day like 02:30 (24-hour HH:mm)");
    }
}
