using System.Numerics;
using System.Runtime.CompilerServices;

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
/// (<see cref="Vector{T}"/>: AVX2 on x64, NEON on the Pi): one pass for the statistics, one that cleans from the raw
/// days into the caller's buffer and finds the cleaned range for the scaling (<see cref="FeaturePipeline"/>).
/// Present-only stretches, the common case, take the vector path; a stretch with a missing day is cleaned day by day.
/// The statistics are summed in double in <see cref="Vector{T}"/> lanes, in one pass over the days shifted by the
/// window's first present day (<see cref="CapThreshold"/>), so their rounding differs from a left-to-right two-pass sum
/// by a few units in the last place of a double, which moves the float cap only when it lies on a rounding boundary.
/// </remarks>
public static class Zheng2018Cleaning
{
    /// <summary>Multiple of the standard deviation above the mean where readings are capped (Zheng et al. 2018).</summary>
    public const double CapSigmas = 2.0;

    public static bool IsMissing(float x) => !float.IsFinite(x) || x < 0f;

    /// <summary>Cleans in place; every day is decided from the raw values, so a fill never feeds its neighbour's fill.</summary>
    public static void Apply(Span<float> series) => Clean(series, series, (float)CapThreshold(series));

    /// <summary>
    /// mean + 2 std over the present days, in double; +infinity when no day is present.
    /// One pass sums d = x - K and d * d over the present days, K the first present day, and takes
    /// variance = mean(d * d) - mean(d)^2. Shifting by a present day keeps the cancellation small: (mean - K)^2 is at
    /// most n * variance, so the variance's relative rounding error stays below about n^2 units of a double's last place.
    /// </summary>
    public static double CapThreshold(ReadOnlySpan<float> series)
    {
        var first = FirstPresent(series);
        if (first < 0)
        {
            return double.PositiveInfinity;
        }

        var (sum, squares, count) = ShiftedSums(series[first..], series[first]);
        var shift = sum / count;
        var variance = Math.Max(0.0, (squares / count) - (shift * shift));
        return series[first] + shift + (CapSigmas * Math.Sqrt(variance));
    }

    /// <summary>
    /// Cleans <paramref name="raw"/> into <paramref name="cleaned"/> (the same length; the same memory is allowed)
    /// with the cap from <see cref="CapThreshold"/>, and returns the smallest and largest cleaned value
    /// (+infinity and -infinity when empty).
    /// </summary>
    internal static (float Min, float Max) Clean(ReadOnlySpan<float> raw, Span<float> cleaned, float cap)
    {
        var n = raw.Length;
        var width = Vector<float>.Count;
        var caps = new Vector<float>(cap);
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        var previousRaw = float.NaN;
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= width)
        {
            var mins = new Vector<float>(min);
            var maxs = new Vector<float>(max);
            for (; i <= n - width; i += width)
            {
                var block = new Vector<float>(raw[i..]);
                var last = raw[i + width - 1]; // read before the block is written: raw and cleaned may be one buffer
                Vector<float> result;
                if (AllPresent(block))
                {
                    result = Vector.MinNative(block, caps); // x > cap ? cap : x, for the present (not NaN) days
                    result.CopyTo(cleaned[i..]);
                }
                else
                {
                    for (var k = i; k < i + width; k++)
                    {
                        previousRaw = CleanDay(raw, cleaned, k, previousRaw, cap);
                    }

                    result = new Vector<float>(cleaned[i..]);
                }

                mins = Vector.MinNative(mins, result);
                maxs = Vector.MaxNative(maxs, result);
                previousRaw = last;
            }

            (min, max) = MinMaxScaling.Lanes(mins, maxs);
        }

        for (; i < n; i++)
        {
            previousRaw = CleanDay(raw, cleaned, i, previousRaw, cap);
            min = Math.Min(min, cleaned[i]);
            max = Math.Max(max, cleaned[i]);
        }

        return (min, max);
    }

    /// <summary>Lanes -1 where the day is present (finite and not negative), 0 where missing; NaN compares false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // in the channel and statistics loops: a call there spills them
    internal static Vector<int> Present(Vector<float> x) =>
        Vector.GreaterThanOrEqual(x, Vector<float>.Zero) & Vector.LessThan(x, new Vector<float>(float.PositiveInfinity));

    /// <summary>Cleans day <paramref name="i"/> from its raw value and raw neighbours; returns its raw value.</summary>
    private static float CleanDay(ReadOnlySpan<float> raw, Span<float> cleaned, int i, float previousRaw, float cap)
    {
        var x = raw[i];
        if (IsMissing(x))
        {
            var next = i + 1 < raw.Length ? raw[i + 1] : float.NaN;
            cleaned[i] = !IsMissing(previousRaw) && !IsMissing(next) ? (float)((previousRaw + (double)next) / 2.0) : 0f;
        }
        else
        {
            cleaned[i] = x > cap ? cap : x;
        }

        return x;
    }

    private static bool AllPresent(Vector<float> x) =>
        Vector.GreaterThanOrEqualAll(x, Vector<float>.Zero) && Vector.LessThanAll(x, new Vector<float>(float.PositiveInfinity));

    private static int FirstPresent(ReadOnlySpan<float> series)
    {
        for (var i = 0; i < series.Length; i++)
        {
            if (!IsMissing(series[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Sum of d and of d * d, d = x - shift, over the present days, and their count.</summary>
    private static (double Sum, double Squares, int Count) ShiftedSums(ReadOnlySpan<float> series, float shift)
    {
        double sum = 0;
        double squares = 0;
        var count = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // A missing lane takes the shift itself, so it adds exactly 0 to both sums.
            var shiftsFloat = new Vector<float>(shift);
            var shifts = new Vector<double>(shift);
            var sumLow = Vector<double>.Zero;
            var sumHigh = Vector<double>.Zero;
            var squaresLow = Vector<double>.Zero;
            var squaresHigh = Vector<double>.Zero;
            var counts = Vector<int>.Zero;
            for (; i <= series.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var x = new Vector<float>(series[i..]);
                var present = Present(x);
                Vector.Widen(Vector.ConditionalSelect(present, x, shiftsFloat), out var lo, out var hi);
                lo -= shifts;
                hi -= shifts;
                sumLow += lo;
                sumHigh += hi;
                squaresLow += lo * lo;
                squaresHigh += hi * hi;
                counts -= present;
            }

            sum = Vector.Sum(sumLow + sumHigh);
            squares = Vector.Sum(squaresLow + squaresHigh);
            count = Vector.Sum(counts);
        }

        for (; i < series.Length; i++)
        {
            if (!IsMissing(series[i]))
            {
                var d = series[i] - (double)shift;
                sum += d;
                squares += d * d;
                count++;
            }
        }

        return (sum, squares, count);
    }
}
