namespace Edge.ModelContract.Features;

/// <summary>
/// Everything the gateway needs to turn a customer's daily kWh series into exactly the model input the Trainer used.
/// Per-customer statistics (capping threshold, min-max range) are recomputed from the window being scored, on both
/// sides, so only cross-customer statistics fitted on the training split (global min and max) are stored here.
/// </summary>
public sealed record FeatureSpec
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public CleaningPolicy Cleaning { get; init; } = CleaningPolicy.Zheng2018;

    public Scaling Scaling { get; init; } = Scaling.PerCustomerMinMax;

    public FeatureLayout Layout { get; init; } = FeatureLayout.Weeks;

    /// <summary>How many most recent days of a customer's series the model scores.</summary>
    public int WindowDays { get; init; } = 1035;

    /// <summary>Length of the feature vector: <see cref="WindowDays"/>, padded to whole weeks for the weekly layout.</summary>
    public int FeatureDays => Layout == FeatureLayout.Weeks ? WeeklyLayout.PaddedDays(WindowDays) : WindowDays;

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
        if (Version != CurrentVersion)
        {
            throw new FormatException($"feature spec version {Version} is not supported (expected {CurrentVersion})");
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
