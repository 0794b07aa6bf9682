using System.Text.Json.Serialization;

namespace Edge.ModelContract.Features;

/// <summary>
/// Everything the gateway needs to turn a customer's daily kWh series into exactly the model input the Trainer used.
/// Per-customer statistics (capping threshold, min-max range) are recomputed from the window being scored, on both
/// sides, so only cross-customer statistics fitted on the training split (global min and max) are stored here.
/// </summary>
public sealed record FeatureSpec
{
    /// <summary>
    /// Version 2 added <see cref="Channels"/>. Version 1 specs (no channels field: the kwh channel alone) still load and
    /// mean exactly what they meant; a version 1 spec that names channels is rejected.
    /// </summary>
    public const int CurrentVersion = 2;

    public const int FirstVersionWithChannels = 2;

    public int Version { get; init; } = CurrentVersion;

    public CleaningPolicy Cleaning { get; init; } = CleaningPolicy.Zheng2018;

    public Scaling Scaling { get; init; } = Scaling.PerCustomerMinMax;

    public FeatureLayout Layout { get; init; } = FeatureLayout.Weeks;

    /// <summary>How many most recent days of a customer's series the model scores.</summary>
    public int WindowDays { get; init; } = 1035;

    /// <summary>Length of the feature vector: <see cref="WindowDays"/>, padded to whole weeks for the weekly layout.</summary>
    public int FeatureDays => Layout == FeatureLayout.Weeks ? WeeklyLayout.PaddedDays(WindowDays) : WindowDays;

    /// <summary>The values per day; the order in the feature vector is fixed by <see cref="FeatureChannels"/>.</summary>
    [JsonIgnore]
    public FeatureChannels Channels { get; init; } = FeatureChannels.Kwh;

    /// <summary>
    /// <see cref="Channels"/> as JSON: source-generated deserialization sets every init property, absent or not, so
    /// an absent field (every version 1 spec) arrives here as null and must mean the kwh channel, not no channel.
    /// </summary>
    [JsonInclude]
    [JsonPropertyName("channels")]
    internal FeatureChannels? ChannelsField
    {
        get => Channels;
        init => Channels = value ?? FeatureChannels.Kwh;
    }

    public int ChannelCount => FeatureChannelSet.Count(Channels);

    /// <summary>Length of the whole feature vector: <see cref="FeatureDays"/> x <see cref="ChannelCount"/>.</summary>
    public int FeatureLength => checked(FeatureDays * ChannelCount);

    /// <summary>Smallest cleaned training value; set only for <see cref="Scaling.GlobalMinMax"/>.</summary>
    public float? GlobalMin { get; init; }

    /// <summary>Largest cleaned training value; set only for <see cref="Scaling.GlobalMinMax"/>.</summary>
    public float? GlobalMax { get; init; }

    /// <summary>The feature spec the seed notebook implies: raw kWh with missing days as 0, one value per day.</summary>
    public static FeatureSpec Seed(int windowDays) => new()
    {
        Cleaning = CleaningPolicy.Seed,
        Scaling = Scaling.None,
        Layout = FeatureLayout.Days,
        WindowDays = windowDays,
    };

    /// <summary>Throws <see cref="FormatException"/> naming the first field that is out of range.</summary>
    public void Validate()
    {
        if (Version is < 1 or > CurrentVersion)
        {
            throw new FormatException($"feature spec version {Version} is not supported (expected 1 to {CurrentVersion})");
        }

        if (!FeatureChannelSet.IsValid(Channels))
        {
            throw new FormatException($"feature spec channels must include kwh and only known channels, got {FeatureChannelSet.Format(Channels)}");
        }

        if (Version < FirstVersionWithChannels && Channels != FeatureChannels.Kwh)
        {
            throw new FormatException($"feature spec version {Version} has no channels; {FeatureChannelSet.Format(Channels)} needs version {FirstVersionWithChannels}");
        }

        if (WindowDays <= 0)
        {
            throw new FormatException($"feature spec windowDays must be positive, got {WindowDays}");
        }

        if (!Enum.IsDefined(Cleaning) || !Enum.IsDefined(Scaling) || !Enum.IsDefined(Layout))
        {
            throw new FormatException("feature spec has an unknown cleaning, scaling or layout value");
        }

        if (Scaling == Scaling.GlobalMinMax)
        {
            if (GlobalMin is not { } min || GlobalMax is not { } max || !float.IsFinite(min) || !float.IsFinite(max) || min > max)
            {
                throw new FormatException(
                    $"feature spec with global-min-max scaling needs finite globalMin <= globalMax, got {GlobalMin} and {GlobalMax}");
            }
        }
        else if (GlobalMin is not null || GlobalMax is not null)
        {
            throw new FormatException($"feature spec has globalMin/globalMax but scaling is {Scaling}");
        }
    }
}
