using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Edge.ModelContract.Features;

/// <summary>
/// The day-major features of all five <see cref="FeatureChannels"/> (the gateway model's spec) in one pass over the rows
/// <see cref="KwhChannel"/> wrote (the cleaned, scaled kwh channel, the present masks and the zero-reading flags): each
/// block of four days computes missing-day, year-over-year and day-change in registers and interleaves the five with a
/// 4 x 4 transpose of zips (kwh, missing-day, zero-reading, year-over-year) plus the day-change lane by lane.
/// <see cref="DailyChannels"/> instead writes every channel as a row and transposes the rows: three more passes over
/// memory. The same floats as that path: the flags are 1 or +0, the changes the same float subtraction, masked to +0
/// where a day is missing.
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
    /// <param name="present">Per feature day -1 where the raw day is present, else 0 (lead-in and padding: 0).</param>
    /// <param name="zeros">Per feature day 1 where the raw reading is exactly 0 kWh, else 0.</param>
    public static void Write(ReadOnlySpan<float> kwh, ReadOnlySpan<int> present, ReadOnlySpan<float> zeros, Span<float> features)
    {
        var days = kwh.Length;
        var d = 0;
        if (Zips && days >= 8)
        {
            // Days 0..3 go one at a time (day 0 has no previous day); the blocks then start at multiples of 4, so the
            // lag of 364 = 91 x 4 days never splits one: a block lies wholly before or after the first year.
            for (; d < 4; d++)
            {
                Day(kwh, present, zeros, d, features);
            }

            var masks = MemoryMarshal.Cast<int, float>(present);
            var firstYear = Math.Min(Lag, days - 3);
            for (; d < firstYear; d += 4)
            {
                Block(kwh, masks, zeros, d, year: false, features);
            }

            for (; d <= days - 4; d += 4)
            {
                Block(kwh, masks, zeros, d, year: true, features);
            }
        }

        for (; d < days; d++)
        {
            Day(kwh, present, zeros, d, features);
        }
    }

    private static bool Zips => AdvSimd.Arm64.IsSupported || Sse.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(ReadOnlySpan<float> kwh, ReadOnlySpan<float> masks, ReadOnlySpan<float> zeros, int d, bool year, Span<float> features)
    {
        ref var kwhAt = ref MemoryMarshal.GetReference(kwh);
        ref var maskAt = ref MemoryMarshal.GetReference(masks);
        var k = Vector128.LoadUnsafe(ref kwhAt, (nuint)d);
        var present = Vector128.LoadUnsafe(ref maskAt, (nuint)d);
        var zero = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(zeros), (nuint)d);
        var missing = Vector128.AndNot(Vector128.Create(1f), present);
        var yearChange = year
            ? present & Vector128.LoadUnsafe(ref maskAt, (nuint)(d - Lag)) & (k - Vector128.LoadUnsafe(ref kwhAt, (nuint)(d - Lag)))
            : Vector128<float>.Zero;
        var dayChange = present & Vector128.LoadUnsafe(ref maskAt, (nuint)(d - 1))
            & Vector128.Abs(k - Vector128.LoadUnsafe(ref kwhAt, (nuint)(d - 1)));

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

    /// <summary>[a0 b0 a1 b1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ZipLow(Vector128<float> a, Vector128<float> b) =>
        AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipLow(a, b) : Sse.UnpackLow(a, b);

    /// <summary>[a2 b2 a3 b3].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ZipHigh(Vector128<float> a, Vector128<float> b) =>
        AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipHigh(a, b) : Sse.UnpackHigh(a, b);

    private static void Day(ReadOnlySpan<float> kwh, ReadOnlySpan<int> present, ReadOnlySpan<float> zeros, int d, Span<float> features)
    {
        var isPresent = present[d] != 0;
        var day = features.Slice(Count * d, Count);
        day[0] = kwh[d];
        day[1] = isPresent ? 0f : 1f;
        day[2] = zeros[d];
        day[3] = d >= Lag && isPresent && present[d - Lag] != 0 ? kwh[d] - kwh[d - Lag] : 0f;
        day[4] = d >= 1 && isPresent && present[d - 1] != 0 ? Math.Abs(kwh[d] - kwh[d - 1]) : 0f;
    }
}
