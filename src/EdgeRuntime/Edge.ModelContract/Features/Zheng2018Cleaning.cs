namespace Edge.ModelContract.Features;

/// <summary>
/// Cleaning of Zheng et al. 2018, "Wide and Deep CNNs for Electricity-Theft Detection", IEEE TII 14(4), 2018,
/// data preprocessing (missing values, then outliers), as HORLN's electricity_preprocessing.py implements it (which
/// settles details the paper leaves open), applied to one customer's window:
/// <list type="number">
/// <item>Statistics: mean and population standard deviation over the days that are present (not missing).</item>
/// <item>Missing day with both neighbours present: (x[i-1] + x[i+1]) / 2 of the raw neighbours; any other missing day
/// (a run of two or more, or the first or last day): 0.</item>
/// <item>Present day above mean + 2 std: set to mean + 2 std (upper side only; filled days are not capped).</item>
/// </list>
/// "Missing" means NaN, infinite or negative: a daily consumption cannot be negative, so a negative reading is a meter
/// or transfer error and is repaired like an absent one. The paper does not say; this is our choice (docs/data.md).
/// </summary>
public static class Zheng2018Cleaning
{
    /// <summary>Multiple of the standard deviation above the mean where readings are capped (Zheng et al. 2018).</summary>
    public const double CapSigmas = 2.0;

    public static bool IsMissing(float x) => !float.IsFinite(x) || x < 0f;

    public static void Apply(Span<float> series)
    {
        var cap = (float)CapThreshold(series);
        var n = series.Length;

        // Decide every day from the raw values before writing any, so a fill never feeds its neighbour's fill.
        var previousRaw = float.NaN;
        for (var i = 0; i < n; i++)
        {
            var raw = series[i];
            float cleaned;
            if (IsMissing(raw))
            {
                var next = i + 1 < n ? series[i + 1] : float.NaN;
                cleaned = !IsMissing(previousRaw) && !IsMissing(next)
                    ? (float)((previousRaw + (double)next) / 2.0)
                    : 0f;
            }
            else
            {
                cleaned = raw > cap ? cap : raw;
            }

            previousRaw = raw;
            series[i] = cleaned;
        }
    }

    /// <summary>mean + 2 std over the present days, in double; +infinity when no day is present.</summary>
    public static double CapThreshold(ReadOnlySpan<float> series)
    {
        double sum = 0;
        var count = 0;
        foreach (var x in series)
        {
            if (!IsMissing(x))
            {
                sum += x;
                count++;
            }
        }

        if (count == 0)
        {
            return double.PositiveInfinity;
        }

        var mean = sum / count;
        double squares = 0;
        foreach (var x in series)
        {
            if (!IsMissing(x))
            {
                var d = x - mean;
                squares += d * d;
            }
        }

        return mean + (CapSigmas * Math.Sqrt(squares / count));
    }
}
