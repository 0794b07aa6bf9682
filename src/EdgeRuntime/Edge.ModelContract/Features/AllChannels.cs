using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Edge.ModelContract.Features;

/// <summary>
/// The day-major features of all five <see cref="FeatureChannels"/> (the gateway model's spec) in one pass: each block
/// of four days computes missing-day, zero-reading, year-over-year and day-change from the raw days and the cleaned,
/// scaled kwh channel in registers, and interleaves the five with a 4 x 4 transpose of zips (kwh, missing-day,
/// zero-reading, year-over-year) plus the day-change lane by lane. <see cref="DailyChannels"/> instead writes every
/// channel as a row and transposes the rows: three more passes over memory. The same floats as that path: the flags are
/// 1 or +0, the changes the same float subtraction, masked to +0 where a day is missing.
/// </summary>
/// <remarks>
/// 128-bit vectors, so that the Pi (NEON zip1/zip2) and x64 (SSE unpcklps/unpckhps) run the same code; other
/// processors, and runs with hardware intrinsics disabled, take the day-at-a-time loop.
/// </remarks>
internal static class AllChannels
{
    private const int Count = 5;
    private const int Lag = FeatureChannelSet.YearLagDays;

    /// <param name="kwh">The cleaned and scaled kwh channel, one value per feature day.</param>
    /// <param name="raw">The raw days aligned with <paramref name="kwh"/>, NaN (missing under every policy) for the days
    /// outside the recent days (lead-in and padding).</param>
    public static void Write(CleaningPolicy policy, ReadOnlySpan<float> kwh, ReadOnlySpan<float> raw, Span<float> features)
    {
        var days = kwh.Length;
        var d = 0;
        if (Zips && days >= 8)
        {
            // Days 0..3 go one at a time (day 0 has no previous day); the blocks then start at multiples of 4, so the
            // lag of 364 = 91 x 4 days never splits one: a block lies wholly before or after the first year.
            for (; d < 4; d++)
            {
                Day(policy, kwh, raw, d, features);
            }

            // Zheng's missing days are also the negative ones; a present seed day is any finite one (x >= -inf).
            var floor = Vector128.Create(policy == CleaningPolicy.Zheng2018 ? 0f : float.NegativeInfinity);
            var firstYear = Math.Min(Lag, days - 3);
            for (; d < firstYear; d += 4)
            {
                Block(kwh, raw, d, floor, year: false, features);
            }

            for (; d <= days - 4; d += 4)
            {
                Block(kwh, raw, d, floor, year: true, features);
            }
        }

        for (; d < days; d++)
        {
            Day(policy, kwh, raw, d, features);
        }
    }

    private static bool Zips => AdvSimd.Arm64.IsSupported || Sse.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(ReadOnlySpan<float> kwh, ReadOnlySpan<float> raw, int d, Vector128<float> floor, bool year, Span<float> features)
    {
        ref var kwhRef = ref MemoryMarshal.GetReference(kwh);
        ref var rawRef = ref MemoryMarshal.GetReference(raw);
        var one = Vector128.Create(1f);
        var x = Vector128.LoadUnsafe(ref rawRef, (nuint)d);
        var k = Vector128.LoadUnsafe(ref kwhRef, (nuint)d);
        var present = Present(x, floor);
        var missing = Vector128.AndNot(one, present);
        var zero = Vector128.Equals(x, Vector128<float>.Zero) & one;
        var yearChange = year
            ? present & Present(Vector128.LoadUnsafe(ref rawRef, (nuint)(d - Lag)), floor) & (k - Vector128.LoadUnsafe(ref kwhRef, (nuint)(d - Lag)))
            : Vector128<float>.Zero;
        var dayChange = present & Present(Vector128.LoadUnsafe(ref rawRef, (nuint)(d - 1)), floor)
            & Vector128.Abs(k - Vector128.LoadUnsafe(ref kwhRef, (nuint)(d - 1)));

        // Rows k, m, z, y transposed: zip(k, z) and zip(m, y) pair the days, zipping those gives [k m z y] per day.
        var kz0 = ZipLow(k, zero);
        var kz1 = ZipHigh(k, zero);
        var my0 = ZipLow(missing, yearChange);
        var my1 = ZipHigh(missing, yearChange);
        ref var at = ref Unsafe.Add(ref MemoryMarshal.GetReference(features), Count * d);
        ZipLow(kz0, my0).StoreUnsafe(ref at);
        Unsafe.Add(ref at, 4) = dayChange.GetElement(0);
        ZipHigh(kz0, my0).StoreUnsafe(ref Unsafe.Add(ref at, Count));
        Unsafe.Add(ref at, Count + 4) = dayChange.GetElement(1);
        ZipLow(kz1, my1).StoreUnsafe(ref Unsafe.Add(ref at, 2 * Count));
        Unsafe.Add(ref at, (2 * Count) + 4) = dayChange.GetElement(2);
        ZipHigh(kz1, my1).StoreUnsafe(ref Unsafe.Add(ref at, 3 * Count));
        Unsafe.Add(ref at, (3 * Count) + 4) = dayChange.GetElement(3);
    }

    /// <summary>All ones where the raw day is present: finite and at least <paramref name="floor"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Present(Vector128<float> x, Vector128<float> floor) =>
        Vector128.LessThan(Vector128.Abs(x), Vector128.Create(float.PositiveInfinity)) & Vector128.GreaterThanOrEqual(x, floor);

    /// <summary>[a0 b0 a1 b1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ZipLow(Vector128<float> a, Vector128<float> b) =>
        AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipLow(a, b) : Sse.UnpackLow(a, b);

    /// <summary>[a2 b2 a3 b3].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ZipHigh(Vector128<float> a, Vector128<float> b) =>
        AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipHigh(a, b) : Sse.UnpackHigh(a, b);

    private static void Day(CleaningPolicy policy, ReadOnlySpan<float> kwh, ReadOnlySpan<float> raw, int d, Span<float> features)
    {
        var missing = SeriesCleaning.IsMissing(policy, raw[d]);
        var day = features.Slice(Count * d, Count);
        day[0] = kwh[d];
        day[1] = missing ? 1f : 0f;
        day[2] = raw[d] == 0f ? 1f : 0f;
        day[3] = d >= Lag && !missing && !SeriesCleaning.IsMissing(policy, raw[d - Lag]) ? kwh[d] - kwh[d - Lag] : 0f;
        day[4] = d >= 1 && !missing && !SeriesCleaning.IsMissing(policy, raw[d - 1]) ? Math.Abs(kwh[d] - kwh[d - 1]) : 0f;
    }
}
