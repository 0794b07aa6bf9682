using System.Numerics;
using System.Runtime.CompilerServices;

namespace Edge.ModelContract.Features;

/// <summary>Applies a <see cref="CleaningPolicy"/> in place; afterwards every value is finite.</summary>
public static class SeriesCleaning
{
    public static void Apply(CleaningPolicy policy, Span<float> series) => KwhChannel.CleanInPlace(policy, series);

    /// <summary>Whether the policy treats a raw reading as missing (and so repairs it).</summary>
    public static bool IsMissing(CleaningPolicy policy, float raw) => policy switch
    {
        CleaningPolicy.Seed => SeedCleaning.IsMissing(raw),
        CleaningPolicy.Zheng2018 => Zheng2018Cleaning.IsMissing(raw),
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown cleaning policy"),
    };

    /// <summary><see cref="IsMissing(CleaningPolicy, float)"/> lane by lane: -1 where missing, 0 where present.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // in the channel and statistics loops: a call there spills them
    internal static Vector<int> Missing(CleaningPolicy policy, Vector<float> raw) => policy switch
    {
        CleaningPolicy.Seed => ~SeedCleaning.Present(raw),
        CleaningPolicy.Zheng2018 => ~Zheng2018Cleaning.Present(raw),
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown cleaning policy"),
    };
}
