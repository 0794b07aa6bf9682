namespace Edge.ModelContract.Features;

/// <summary>Applies a <see cref="CleaningPolicy"/> in place; afterwards every value is finite.</summary>
public static class SeriesCleaning
{
    public static void Apply(CleaningPolicy policy, Span<float> series)
    {
        switch (policy)
        {
            case CleaningPolicy.Seed:
                SeedCleaning.Apply(series);
                break;
            case CleaningPolicy.Zheng2018:
                Zheng2018Cleaning.Apply(series);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown cleaning policy");
        }
    }

    /// <summary>Whether the policy treats a raw reading as missing (and so repairs it).</summary>
    public static bool IsMissing(CleaningPolicy policy, float raw) => policy switch
    {
        CleaningPolicy.Seed => SeedCleaning.IsMissing(raw),
        CleaningPolicy.Zheng2018 => Zheng2018Cleaning.IsMissing(raw),
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown cleaning policy"),
    };
}
