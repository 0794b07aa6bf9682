using System.Numerics;
using System.Runtime.CompilerServices;

namespace Edge.ModelContract.Features;

/// <summary>
/// The seed notebook's cleaning: <c>input_features.apply(pd.to_numeric, errors='coerce').fillna(0)</c>.
/// A missing day (NaN; the reader stores empty and non-numeric cells as NaN) becomes 0. Negative and very large
/// readings are kept, as pandas keeps them. Infinities become 0 too: a model input must be finite.
/// </summary>
public static class SeedCleaning
{
    public static bool IsMissing(float x) => !float.IsFinite(x);

    public static void Apply(Span<float> series) => KwhChannel.CleanInPlace(CleaningPolicy.Seed, series);

    /// <summary>No cap; the range of the present days, and 0 when some day is missing (it cleans to 0).</summary>
    internal static CleaningSurvey Survey(ReadOnlySpan<float> raw)
    {
        var lowest = float.PositiveInfinity;
        var highest = float.NegativeInfinity;
        var missing = false;
        var i = 0;
        if (Vector.IsHardwareAccelerated && raw.Length >= Vector<float>.Count)
        {
            var lows = new Vector<float>(lowest);
            var highs = new Vector<float>(highest);
            for (; i <= raw.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var x = new Vector<float>(raw[i..]);
                var present = Present(x);
                lows = Vector.MinNative(lows, Vector.ConditionalSelect(present, x, new Vector<float>(float.PositiveInfinity)));
                highs = Vector.MaxNative(highs, Vector.ConditionalSelect(present, x, new Vector<float>(float.NegativeInfinity)));
                missing |= !Vector.EqualsAll(present, Vector<int>.AllBitsSet);
            }

            (lowest, highest) = MinMaxScaling.Lanes(lows, highs);
        }

        for (; i < raw.Length; i++)
        {
            if (IsMissing(raw[i]))
            {
                missing = true;
            }
            else
            {
                lowest = Math.Min(lowest, raw[i]);
                highest = Math.Max(highest, raw[i]);
            }
        }

        return CleaningSurvey.Of(float.PositiveInfinity, (lowest, highest), missing ? (0f, 0f) : (float.PositiveInfinity, float.NegativeInfinity));
    }

    /// <summary>Lanes -1 where the day is present (finite), 0 where missing; NaN compares false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // in the channel and statistics loops: a call there spills them
    internal static Vector<int> Present(Vector<float> x) =>
        Vector.LessThan(Vector.Abs(x), new Vector<float>(float.PositiveInfinity));
}
