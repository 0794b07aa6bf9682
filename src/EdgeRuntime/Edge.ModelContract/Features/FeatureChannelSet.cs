using System.Numerics;
using System.Text.Json;

namespace Edge.ModelContract.Features;

/// <summary>Counting and checking a <see cref="FeatureChannels"/> combination.</summary>
public static class FeatureChannelSet
{
    /// <summary>Every channel this version of the contract can compute.</summary>
    public const FeatureChannels All =
        FeatureChannels.Kwh | FeatureChannels.MissingDay | FeatureChannels.ZeroReading | FeatureChannels.YearOverYear
        | FeatureChannels.DayChange;

    /// <summary>Days one year apart with the same weekday, for <see cref="FeatureChannels.YearOverYear"/>.</summary>
    public const int YearLagDays = 364;

    public static int Count(FeatureChannels channels) => BitOperations.PopCount((uint)channels);

    /// <summary>Known bits only and the kwh channel present.</summary>
    public static bool IsValid(FeatureChannels channels) =>
        (channels & ~All) == 0 && channels.HasFlag(FeatureChannels.Kwh);

    /// <summary>The names the feature spec JSON uses, comma-separated: "kwh, missing-day".</summary>
    public static string Format(FeatureChannels channels) =>
        JsonSerializer.Serialize(channels, FeatureSpecJsonContext.Default.FeatureChannels).Trim('"');

    /// <summary>
    /// Parses a comma-separated list of channel names as the feature spec JSON writes them; throws
    /// <see cref="FormatException"/> naming the known channels.
    /// </summary>
    public static FeatureChannels Parse(string names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var parts = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        FeatureChannels channels = 0;
        foreach (var part in parts)
        {
            try
            {
                // The enum converter would also take a bit value; only the names are part of the contract.
                if (char.IsAsciiDigit(part[0]) || part[0] == '-')
                {
                    throw new JsonException();
                }

                channels |= JsonSerializer.Deserialize($"\"{part}\"", FeatureSpecJsonContext.Default.FeatureChannels);
            }
            catch (JsonException)
            {
                throw new FormatException($"unknown feature channel '{part}'; known channels: {Format(All)}");
            }
        }

        return channels;
    }
}
