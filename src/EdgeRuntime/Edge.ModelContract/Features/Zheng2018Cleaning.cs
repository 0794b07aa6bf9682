using System.Numerics;

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
/// <remarks>
/// The gateway cleans every meter's window once a day inside the scoring run, so the passes are SIMD
/// (<see cref="Vector{T}"/>: AVX2 on x64, NEON on the Pi). Present-only stretches, the common case, take the vector
/// path; a stretch with a missing day is cleaned day by day. The statistics are summed in double in
/// <see cref="Vector{T}"/> lanes, so their rounding differs from a left-to-right sum by a few units in the last
/// place of a double, which moves the float cap only when it lies on a rounding boundary.
/// </remarks>
public static class Zheng2018Cleaning
{
    /// <summary>Multiple of the standard deviation above the mean where readings are capped (Zheng et al. 2018).</summary>
    public const double CapSigmas = 2.0;

    public static bool IsMissing(float x) => !float.IsFinite(x) || x < 0f;

    /// <summary>Cleans in place; every day is decided from the raw values, so a fill never feeds its neighbour's fill.</summary>
    public static void Apply(Span<float> series)
    {
        var cap = (float)CapThreshold(series);
        var n = series.Length;
        var width = Vector<float>.Count;
        var caps = new Vector<float>(cap);
        var previousRaw = float.NaN;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - width; i += width)
            {
                var raw = new Vector<float>(series[i..]);
                var last = raw[width - 1];
                if (AllPresent(raw))
                {
                    Vector.ConditionalSelect(Vector.GreaterThan(raw, caps), caps, raw).CopyTo(series[i..]);
                }
                else
                {
                    for (var k = i; k < i + width; k++)
                    {
                        previousRaw = CleanDay(series, k, previousRaw, cap);
                    }
                }

                previousRaw = last;
            }
        }

        for (; i < n; i++)
        {
            previousRaw = CleanDay(series, i, previousRaw, cap);
        }
    }

    /// <summary>mean + 2 std over the present days, in double; +infinity when no day is present.</summary>
    public static double CapThreshold(ReadOnlySpan<float> series)
    {
        var (sum, count) = PresentSum(series);
        if (count == 0)
        {
            return double.PositiveInfinity;
        }

        var mean = sum / count;
        return mean + (CapSigmas * Math.Sqrt(SquaredDeviations(series, mean) / count));
    }

    /// <summary>Cleans day <paramref name="i"/> in place from its raw value and raw neighbours; returns its raw value.</summary>
    private static float CleanDay(Span<float> series, int i, float previousRaw, float cap)
    {
        var raw = series[i];
        if (IsMissing(raw))
        {
            var next = i + 1 < series.Length ? series[i + 1] : float.NaN;
            series[i] = !IsMissing(previousRaw) && !IsMissing(next) ? (float)((previousRaw + (double)next) / 2.0) : 0f;
        }
        else if (raw > cap)
        {
            series[i] = cap;
        }

        return raw;
    }

    private static bool AllPresent(Vector<float> x) =>
        Vector.GreaterThanOrEqualAll(x, Vector<float>.Zero) && Vector.LessThanAll(x, new Vector<float>(float.PositiveInfinity));

    /// <summary>Lanes -1 where the day is present (finite and not negative), 0 where missing; NaN compares false.</summary>
    private static Vector<int> Present(Vector<float> x) =>
        Vector.GreaterThanOrEqual(x, Vector<float>.Zero) & Vector.LessThan(x, new Vector<float>(float.PositiveInfinity));

    private static (double Sum, int Count) PresentSum(ReadOnlySpan<float> series)
    {
        double sum = 0;
        var count = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var low = Vector<double>.Zero;
            var high = Vector<double>.Zero;
            var counts = Vector<int>.Zero;
            for (; i <= series.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var x = new Vector<float>(series[i..]);
                var present = Present(x);
                Vector.Widen(Vector.ConditionalSelect(present, x, Vector<float>.Zero), out var lo, out var hi);
                low += lo;
                high += hi;
                counts -= present;
            }

            sum = Vector.Sum(low + high);
            count = Vector.Sum(counts);
        }

        for (; i < series.Length; i++)
        {
            if (!IsMissing(series[i]))
            {
                sum += series[i];
                count++;
            }
        }

        return (sum, count);
    }

    private static double SquaredDeviations(ReadOnlySpan<float> series, double mean)
    {
        double squares = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var means = new Vector<double>(mean);
            var low = Vector<double>.Zero;
            var high = Vector<double>.Zero;
            for (; i <= series.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var x = new Vector<float>(series[i..]);
                Vector.Widen(Present(x), out var presentLo, out var presentHi);
                Vector.Widen(x, out var lo, out var hi);
                lo -= means;
                hi -= means;
                low += Vector.ConditionalSelect(presentLo, lo * lo, Vector<double>.Zero);
                high += Vector.ConditionalSelect(presentHi, hi * hi, Vector<double>.Zero);
            }

            squares = Vector.Sum(low + high);
        }

        for (; i < series.Length; i++)
        {
            if (!IsMissing(series[i]))
            {
                var d = series[i] - mean;
                squares += d * d;
            }
        }

        return squares;
    }
}
