using System.Numerics;

namespace Edge.ModelContract.Features;

/// <summary>
/// Max-min scaling to [0, 1]: (x - min) / (max - min). A constant window (max = min) maps to all zeros, as HORLN's
/// preprocessing does with its denominator guard. Arithmetic is in double so that extreme kWh values cannot overflow,
/// and results are clamped so that values outside a fitted global range stay in [0, 1]. SIMD lanes compute exactly
/// what the scalar tail does (the same double operations per value), so the lane split does not change a result.
/// </summary>
public static class MinMaxScaling
{
    /// <summary>Scales by the window's own min and max (Zheng et al. 2018, data preprocessing). Values must not be NaN.</summary>
    public static void ApplyPerCustomer(Span<float> series)
    {
        if (series.IsEmpty)
        {
            return;
        }

        var min = series[0];
        var max = series[0];
        var i = 0;
        if (Vector.IsHardwareAccelerated && series.Length >= Vector<float>.Count)
        {
            var mins = new Vector<float>(series);
            var maxs = mins;
            for (i = Vector<float>.Count; i <= series.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var x = new Vector<float>(series[i..]);
                mins = Vector.Min(mins, x);
                maxs = Vector.Max(maxs, x);
            }

            for (var lane = 0; lane < Vector<float>.Count; lane++)
            {
                min = Math.Min(min, mins[lane]);
                max = Math.Max(max, maxs[lane]);
            }
        }

        for (; i < series.Length; i++)
        {
            min = Math.Min(min, series[i]);
            max = Math.Max(max, series[i]);
        }

        Apply(series, min, max);
    }

    /// <summary>Scales by a fixed range, e.g. one fitted on the training split and stored in the feature spec.</summary>
    public static void Apply(Span<float> series, float min, float max)
    {
        double range = (double)max - min;
        if (!(range > 0))
        {
            series.Clear();
            return;
        }

        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var mins = new Vector<double>(min);
            var ranges = new Vector<double>(range);
            for (; i <= series.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(series[i..]), out var lo, out var hi);
                Vector.Narrow(Clamp((lo - mins) / ranges), Clamp((hi - mins) / ranges)).CopyTo(series[i..]);
            }
        }

        for (; i < series.Length; i++)
        {
            series[i] = (float)Math.Clamp((series[i] - (double)min) / range, 0.0, 1.0);
        }
    }

    /// <summary>Math.Clamp(x, 0, 1) lane by lane, the same comparisons in the same order.</summary>
    private static Vector<double> Clamp(Vector<double> x)
    {
        x = Vector.ConditionalSelect(Vector.LessThan(x, Vector<double>.Zero), Vector<double>.Zero, x);
        return Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<double>.One), Vector<double>.One, x);
    }
}
