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
/// The gateway cleans every meter's window once a day inside the scoring run, so the work is two SIMD passes
/// (<see cref="Vector{T}"/>: AVX2 on x64, NEON on the Pi): <see cref="Survey"/> finds the cap and the cleaned range,
/// then <see cref="KwhChannel"/> cleans and scales from the raw days into the caller's buffer. Present-only stretches,
/// the common case, take the vector path; a stretch with a missing day is handled day by day.
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
    public static void Apply(Span<float> series) => KwhChannel.CleanInPlace(CleaningPolicy.Zheng2018, series);

    /// <summary>
    /// mean + 2 std over the present days, in double; +infinity when no day is present.
    /// One pass sums d = x - K and d * d over the present days, K the first present day, and takes
    /// variance = mean(d * d) - mean(d)^2. Shifting by a present day keeps the cancellation small: (mean - K)^2 is at
    /// most n * variance, so the variance's relative rounding error stays below about n^2 units of a double's last place.
    /// </summary>
    public static double CapThreshold(ReadOnlySpan<float> series)
    {
        var first = FirstPresent(series);
        return first < 0 ? double.PositiveInfinity : Cap(series[first], Sums(series, first));
    }

    /// <summary>The cap (rounded to float, as cleaning compares floats) and the range cleaning will produce.</summary>
    internal static CleaningSurvey Survey(ReadOnlySpan<float> series)
    {
        var first = FirstPresent(series);
        if (first < 0)
        {
            return CleaningSurvey.AllMissing(series.Length);
        }

        var sums = Sums(series, first);
        var cap = (float)Cap(series[first], sums);
        var present = (Math.Min(sums.Lowest, cap), Math.Min(sums.Highest, cap)); // min(x, cap) is monotone in x
        // Days before the first present one are missing with no present day before them: they clean to 0.
        var repaired = first > 0 ? (Math.Min(sums.LowestRepair, 0f), Math.Max(sums.HighestRepair, 0f)) : (sums.LowestRepair, sums.HighestRepair);
        return CleaningSurvey.Of(cap, present, repaired);
    }

    /// <summary>Lanes -1 where the day is present (finite and not negative), 0 where missing; NaN compares false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // in the channel and statistics loops: a call there spills them
    internal static Vector<int> Present(Vector<float> x) =>
        Vector.GreaterThanOrEqual(x, Vector<float>.Zero) & Vector.LessThan(x, new Vector<float>(float.PositiveInfinity));

    /// <summary>
    /// What a missing day cleans to from its raw neighbours: their mean when both are present,
    /// else 0. Inlined where it is called inside vector loops (a call there makes the JIT keep the loop's vectors on
    /// the stack on every iteration: all vector registers are caller-saved).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Repair(float previous, float next) =>
        !IsMissing(previous) && !IsMissing(next) ? (float)((previous + (double)next) / 2.0) : 0f;

    /// <summary><see cref="Repair(float, float)"/> lane by lane, with the same floats: the mean in double, rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<float> Repair(Vector<float> previous, Vector<float> next)
    {
        Vector.Widen(previous, out var previousLow, out var previousHigh);
        Vector.Widen(next, out var nextLow, out var nextHigh);
        var half = new Vector<double>(0.5); // halving is exact, as the scalar division by 2 is
        var mean = Vector.Narrow((previousLow + nextLow) * half, (previousHigh + nextHigh) * half);
        return Vector.ConditionalSelect(Present(previous) & Present(next), mean, Vector<float>.Zero);
    }

    /// <summary>mean + 2 std from the sums shifted by <paramref name="firstPresent"/> (<see cref="CapThreshold"/>).</summary>
    private static double Cap(float firstPresent, in WindowSums sums)
    {
        var shiftedMean = sums.Sum / sums.Count;
        var variance = Math.Max(0.0, (sums.Squares / sums.Count) - (shiftedMean * shiftedMean));
        return firstPresent + shiftedMean + (CapSigmas * Math.Sqrt(variance));
    }

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

    /// <summary>
    /// From the first present day on: the sums of d and d * d (d = x - that day) and the count over the present days,
    /// their lowest and highest value, and the lowest and highest value the missing days are repaired to.
    /// </summary>
    private static WindowSums Sums(ReadOnlySpan<float> series, int first)
    {
        var shift = series[first];
        double sum = 0;
        double squares = 0;
        var count = 0;
        var range = DayRange.Empty;
        var i = first;
        if (Vector.IsHardwareAccelerated)
        {
            // A missing lane takes the shift itself, so it adds exactly 0 to both sums. The loop keeps few vectors and
            // no scalar state alive: with more, the JIT spilled a sum to the stack every block, which put a store and a
            // reload into that sum's dependency chain. Repaired days join the lows (min(min(x, cap), r) is
            // min(min(x, r), cap)) but need highs of their own, since they are not capped.
            var shiftsFloat = new Vector<float>(shift);
            var shifts = new Vector<double>(shift);
            var sumLow = Vector<double>.Zero;
            var sumHigh = Vector<double>.Zero;
            var squaresLow = Vector<double>.Zero;
            var squaresHigh = Vector<double>.Zero;
            var counts = Vector<int>.Zero;
            var lows = new Vector<float>(float.PositiveInfinity);
            var highs = new Vector<float>(float.NegativeInfinity);
            var repairHighs = new Vector<float>(float.NegativeInfinity);
            var edgeBlock = -1; // a block with a missing day whose neighbours lie outside the window: done day by day below
            var otherEdgeBlock = -1;
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
                if (Vector.EqualsAll(present, Vector<int>.AllBitsSet))
                {
                    lows = Vector.MinNative(lows, x);
                    highs = Vector.MaxNative(highs, x);
                }
                else if (i > 0 && i + Vector<float>.Count < series.Length)
                {
                    var repaired = Repair(new Vector<float>(series[(i - 1)..]), new Vector<float>(series[(i + 1)..]));
                    lows = Vector.MinNative(lows, Vector.ConditionalSelect(present, x, repaired));
                    highs = Vector.MaxNative(highs, Vector.ConditionalSelect(present, x, new Vector<float>(float.NegativeInfinity)));
                    repairHighs = Vector.MaxNative(repairHighs, Vector.ConditionalSelect(present, new Vector<float>(float.NegativeInfinity), repaired));
                }
                else if (edgeBlock < 0)
                {
                    edgeBlock = i;
                }
                else
                {
                    otherEdgeBlock = i;
                }
            }

            sum = Vector.Sum(sumLow + sumHigh);
            squares = Vector.Sum(squaresLow + squaresHigh);
            count = Vector.Sum(counts);
            var (lanesLowest, lanesHighest) = MinMaxScaling.Lanes(lows, highs);
            var (_, lanesHighestRepair) = MinMaxScaling.Lanes(repairHighs, repairHighs);
            range = new DayRange(lanesLowest, lanesHighest, float.PositiveInfinity, lanesHighestRepair);
            foreach (var block in (ReadOnlySpan<int>)[edgeBlock, otherEdgeBlock])
            {
                for (var k = block; k >= 0 && k < block + Vector<float>.Count; k++)
                {
                    range = range.With(series, k);
                }
            }
        }

        for (; i < series.Length; i++)
        {
            var day = series[i];
            if (!IsMissing(day))
            {
                var d = day - (double)shift;
                sum += d;
                squares += d * d;
                count++;
            }

            range = range.With(series, i);
        }

        return new WindowSums(sum, squares, count, range.Lowest, range.Highest, range.LowestRepair, range.HighestRepair);
    }

    /// <summary>The lowest and highest present day and the lowest and highest value missing days are repaired to.</summary>
    private readonly record struct DayRange(float Lowest, float Highest, float LowestRepair, float HighestRepair)
    {
        public static DayRange Empty => new(float.PositiveInfinity, float.NegativeInfinity, float.PositiveInfinity, float.NegativeInfinity);

        /// <summary>This range with day <paramref name="i"/> of <paramref name="series"/> in it.</summary>
        public DayRange With(ReadOnlySpan<float> series, int i)
        {
            var day = series[i];
            if (!IsMissing(day))
            {
                return this with { Lowest = Math.Min(Lowest, day), Highest = Math.Max(Highest, day) };
            }

            var repaired = Repair(i > 0 ? series[i - 1] : float.NaN, i + 1 < series.Length ? series[i + 1] : float.NaN);
            return this with { LowestRepair = Math.Min(LowestRepair, repaired), HighestRepair = Math.Max(HighestRepair, repaired) };
        }
    }

    private readonly record struct WindowSums(
        double Sum, double Squares, int Count, float Lowest, float Highest, float LowestRepair, float HighestRepair);
}
