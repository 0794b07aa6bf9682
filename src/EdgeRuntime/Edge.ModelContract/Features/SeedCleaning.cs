using System.Numerics;

namespace Edge.ModelContract.Features;

/// <summary>
/// The seed notebook's cleaning: <c>input_features.apply(pd.to_numeric, errors='coerce').fillna(0)</c>.
/// A missing day (NaN; the reader stores empty and non-numeric cells as NaN) becomes 0. Negative and very large
/// readings are kept, as pandas keeps them. Infinities become 0 too: a model input must be finite.
/// </summary>
public static class SeedCleaning
{
    public static bool IsMissing(float x) => !float.IsFinite(x);

    public static void Apply(Span<float> series)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var infinity = new Vector<float>(float.PositiveInfinity);
            for (; i <= series.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var x = new Vector<float>(series[i..]);
                Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(x), infinity), x, Vector<float>.Zero).CopyTo(series[i..]);
            }
        }

        for (; i < series.Length; i++)
        {
            if (IsMissing(series[i]))
            {
                series[i] = 0f;
            }
        }
    }
}
