namespace Edge.ModelContract.Features;

/// <summary>
/// What a window's cleaning needs before it starts, found in one pass over the raw days: the cap on present days
/// (+infinity when the policy has none) and the smallest and largest value cleaning will produce, which per-customer
/// scaling needs. With both known in advance, <see cref="KwhChannel"/> cleans and scales in a single pass.
/// </summary>
/// <remarks>
/// The cleaned range follows from the raw days without cleaning them: a present day x becomes min(x, cap), so over the
/// present days the range is [min(lowest, cap), min(highest, cap)] (min is monotone); a repaired day's value is known
/// from its raw neighbours alone.
/// </remarks>
internal readonly record struct CleaningSurvey(float Cap, float Min, float Max)
{
    /// <summary>A window without present days: every day cleans to 0 (an empty window has no range).</summary>
    public static CleaningSurvey AllMissing(int days) =>
        days == 0 ? new(float.PositiveInfinity, float.PositiveInfinity, float.NegativeInfinity) : new(float.PositiveInfinity, 0f, 0f);

    public static CleaningSurvey Of(CleaningPolicy policy, ReadOnlySpan<float> raw) => policy switch
    {
        CleaningPolicy.Seed => SeedCleaning.Survey(raw),
        CleaningPolicy.Zheng2018 => Zheng2018Cleaning.Survey(raw),
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown cleaning policy"),
    };

    /// <summary>
    /// The range of a cleaned window from the range of its cleaned present days and of its repaired days (each
    /// +infinity, -infinity when there are none).
    /// </summary>
    public static CleaningSurvey Of(float cap, (float Min, float Max) present, (float Min, float Max) repaired) =>
        new(cap, Math.Min(present.Min, repaired.Min), Math.Max(present.Max, repaired.Max));
}
