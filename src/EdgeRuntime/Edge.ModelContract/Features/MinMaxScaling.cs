namespace Edge.ModelContract.Features;

/// <summary>
/// Max-min scaling to [0, 1]: (x - min) / (max - min). A constant window (max = min) maps to all zeros, as HORLN's
/// preprocessing does with its denominator guard. Arithmetic is in double so that extreme kWh values cannot overflow,
/// and results are clamped so that values outside a fitted global range stay in [0, 1].
/// </summary>
public static class MinMaxScaling
{
    /// <summary>Scales by the window's own min and max (Zheng et al. 2018, data preprocessing).</summary>
    public static void ApplyPerCustomer(Span<float> series)
    {
        if (series.IsEmpty)
        {
            return;
        }

        var min = series[0];
        var max = series[0];
        foreach (var x in series)
        {
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }

        Apply(series, min, max);
    }

    /// <summary>Scales by a fixed range, e.g. one fitted on the training split and stored in the feature spec.</summary>
    public static void Apply(Span<float> series, float min, float max)
    {
        double range = (double)max - min;
        foreach (ref var x in series)
        {
            x = range > 0 ? (float)Math.Clamp((x - (double)min) / range, 0.0, 1.0) : 0f;
        }
    }
}
