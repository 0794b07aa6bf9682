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

    public static void Apply(Span<float> series) => Clean(series, series);

    /// <summary>
    /// Cleans <paramref name="raw"/> into <paramref name="cleaned"/> (the same length; the same memory is allowed) and
    /// returns the smallest and largest cleaned value (+infinity and -infinity when empty).
    /// </summary>
    internal static (float Min, float Max) Clean(ReadOnlySpan<float> raw, Span<float> cleaned)
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        var i = 0;
        if (Vector.IsHardwareAccelerated && raw.Length >= Vector<float>.Count)
        {
            var mins = new Vector<float>(min);
            var maxs = new Vector<float>(max);
            for (; i <= raw.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var x = new Vector<float>(raw[i..]);
                var result = Vector.ConditionalSelect(Present(x), x, Vector<float>.Zero);
                result.CopyTo(cleaned[i..]);
                mins = Vector.MinNative(mins, result);
                maxs = Vector.MaxNative(maxs, result);
            }

            (min, max) = MinMaxScaling.Lanes(mins, maxs);
        }

        for (; i < raw.Length; i++)
        {
            var x = IsMissing(raw[i]) ? 0f : raw[i];
            cleaned[i] = x;
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }

        return (min, max);
    }

    /// <summary>Lanes -1 where the day is present (finite), 0 where missing; NaN compares false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // in the channel and statistics loops: a call there spills them
    internal static Vector<int> Present(Vector<float> x) =>
        Vector.LessThan(Vector.Abs(x), new Vector<float>(float.PositiveInfinity));
}
