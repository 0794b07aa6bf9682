using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Edge.ModelContract.Features;

/// <summary>
/// The kwh channel of the feature days, cleaned by the spec's policy and scaled, in one pass over the raw days: the
/// cap and the cleaned range come first from the policy's survey (<see cref="CleaningSurvey"/>), so cleaning and
/// per-customer scaling do not take a pass each. On request the same pass writes, per feature day, the present mask
/// and the zero-reading flag from which <see cref="AllChannels"/> derives the other channels.
/// </summary>
internal static class KwhChannel
{
    /// <summary>
    /// Writes <paramref name="kwh"/>: <paramref name="lead"/> missing days, the <paramref name="recent"/> days, missing
    /// days after them up to its length. Both policies clean a padding day to 0: it is missing, and a Zheng repair needs
    /// both neighbours present, which a day at or next to the padding never has; padding is not present, so it does not
    /// enter the cap statistics either. So only the recent days are surveyed and cleaned, as a window of their own, and
    /// the padding's zeros join their range.
    /// </summary>
    /// <param name="present">Empty, or one mask per feature day: -1 where the raw day is present, else 0.</param>
    /// <param name="zeros">Empty, or one flag per feature day: 1 where the raw reading is exactly 0 kWh, else 0.</param>
    public static void Write(FeatureSpec spec, ReadOnlySpan<float> recent, int lead, Span<float> kwh, Span<int> present, Span<float> zeros)
    {
        var survey = CleaningSurvey.Of(spec.Cleaning, recent);
        var end = lead + recent.Length;
        var cleaned = kwh[lead..end];
        var presentRecent = present.IsEmpty ? default : present[lead..end];
        var zerosRecent = zeros.IsEmpty ? default : zeros[lead..end];
        if (ScalingOf(spec, survey, padded: recent.Length < kwh.Length) is { } scaling)
        {
            Clean(spec.Cleaning, survey.Cap, scaling, recent, cleaned, presentRecent, zerosRecent);
            kwh[..lead].Fill(scaling.Apply(0f));
            kwh[end..].Fill(scaling.Apply(0f));
        }
        else
        {
            // Cleaned all the same: the rows need it. Unscaled padding is 0; a constant range scales every day to 0.
            Clean(spec.Cleaning, survey.Cap, default(NoScaling), recent, cleaned, presentRecent, zerosRecent);
            if (spec.Scaling == Scaling.None)
            {
                kwh[..lead].Clear();
                kwh[end..].Clear();
            }
            else
            {
                kwh.Clear();
            }
        }

        if (!present.IsEmpty)
        {
            present[..lead].Clear();
            present[end..].Clear();
            zeros[..lead].Clear();
            zeros[end..].Clear();
        }
    }

    /// <summary>
    /// The spec's min-max scaling: per customer over the cleaned range (the padding's zeros included), or the fitted
    /// global range; null without scaling and for a constant range.
    /// </summary>
    private static MinMaxScaling.Scaler? ScalingOf(FeatureSpec spec, CleaningSurvey survey, bool padded) => spec.Scaling switch
    {
        Scaling.None => null,
        Scaling.PerCustomerMinMax => padded
            ? MinMaxScaling.Scaler.For(Math.Min(survey.Min, 0f), Math.Max(survey.Max, 0f))
            : MinMaxScaling.Scaler.For(survey.Min, survey.Max),
        Scaling.GlobalMinMax => MinMaxScaling.Scaler.For(
            spec.GlobalMin ?? throw new InvalidOperationException("global-min-max scaling without globalMin"),
            spec.GlobalMax ?? throw new InvalidOperationException("global-min-max scaling without globalMax")),
        _ => throw new InvalidOperationException($"unknown scaling {spec.Scaling}"),
    };

    /// <summary>Cleans <paramref name="series"/> by <paramref name="policy"/> in place (a copy of the raw days is read).</summary>
    public static void CleanInPlace(CleaningPolicy policy, Span<float> series)
    {
        var raw = ArrayPool<float>.Shared.Rent(series.Length);
        try
        {
            series.CopyTo(raw);
            var days = raw.AsSpan(0, series.Length);
            Clean(policy, CleaningSurvey.Of(policy, days).Cap, default(NoScaling), days, series, default, default);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(raw);
        }
    }

    /// <summary>
    /// Cleans <paramref name="raw"/> into <paramref name="kwh"/> (separate memory: a repair reads both raw neighbours)
    /// with <paramref name="cap"/> on present days, and scales by <paramref name="scaling"/>; fills the optional present
    /// and zero-reading rows. A block of days with a missing one is cleaned in vector lanes too (a branch per day there
    /// mispredicts often enough to double the cost of a window with a few missing days); only the first and the last
    /// block, whose neighbours lie outside the window, go day by day.
    /// </summary>
    internal static void Clean<TScaling>(
        CleaningPolicy policy, float cap, in TScaling scaling, ReadOnlySpan<float> raw, Span<float> kwh, Span<int> present, Span<float> zeros)
        where TScaling : struct, ILaneScaling
    {
        var rows = !present.IsEmpty;
        var repairs = policy == CleaningPolicy.Zheng2018;
        var floor = Floor(policy);
        ref var presentAt = ref MemoryMarshal.GetReference(present);
        ref var zerosAt = ref MemoryMarshal.GetReference(zeros);
        var n = raw.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var caps = new Vector<float>(cap);
            var floors = new Vector<float>(floor);
            ref var rawAt = ref MemoryMarshal.GetReference(raw);
            ref var kwhAt = ref MemoryMarshal.GetReference(kwh);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var x = Vector.LoadUnsafe(ref rawAt, (nuint)i);
                var isPresent = Vector.GreaterThanOrEqual(x, floors) & Vector.LessThan(x, new Vector<float>(float.PositiveInfinity));
                var capped = Vector.MinNative(x, caps); // x > cap ? cap : x, for the present (not NaN) days
                Vector<float> cleaned;
                if (Vector.EqualsAll(isPresent, Vector<int>.AllBitsSet))
                {
                    cleaned = capped;
                }
                else if (!repairs)
                {
                    cleaned = Vector.ConditionalSelect(isPresent, capped, Vector<float>.Zero);
                }
                else if (i > 0 && i + Vector<float>.Count < n)
                {
                    var repaired = Zheng2018Cleaning.Repair(Vector.LoadUnsafe(ref rawAt, (nuint)(i - 1)), Vector.LoadUnsafe(ref rawAt, (nuint)(i + 1)));
                    cleaned = Vector.ConditionalSelect(isPresent, capped, repaired);
                }
                else
                {
                    for (var k = i; k < i + Vector<float>.Count; k++)
                    {
                        kwh[k] = CleanDay(raw, k, cap, floor, repairs);
                    }

                    cleaned = Vector.LoadUnsafe(ref kwhAt, (nuint)i);
                }

                scaling.Apply(cleaned).StoreUnsafe(ref kwhAt, (nuint)i);
                if (rows)
                {
                    isPresent.StoreUnsafe(ref presentAt, (nuint)i);
                    (Vector.Equals(x, Vector<float>.Zero).As<int, float>() & Vector<float>.One).StoreUnsafe(ref zerosAt, (nuint)i);
                }
            }
        }

        for (; i < n; i++)
        {
            kwh[i] = scaling.Apply(CleanDay(raw, i, cap, floor, repairs));
            if (rows)
            {
                present[i] = IsPresent(raw[i], floor) ? -1 : 0;
                zeros[i] = raw[i] == 0f ? 1f : 0f;
            }
        }
    }

    /// <summary>
    /// The lowest present value: Zheng's missing days are also the negative ones, the seed's only the non-finite ones
    /// (-infinity fails x >= -float.MaxValue, NaN fails every comparison, +infinity fails x &lt; +infinity).
    /// Unknown policies never get here: <see cref="CleaningSurvey.Of(CleaningPolicy, ReadOnlySpan{float})"/> rejects them first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Floor(CleaningPolicy policy) => policy == CleaningPolicy.Seed ? -float.MaxValue : 0f;

    /// <summary>Inlined: a call inside the vector loop makes the JIT keep the loop's vectors on the stack (they are all caller-saved).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPresent(float x, float floor) => x >= floor && x < float.PositiveInfinity;

    /// <summary>Day <paramref name="i"/> capped when present; when missing repaired from its raw neighbours (Zheng) or 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float CleanDay(ReadOnlySpan<float> raw, int i, float cap, float floor, bool repairs)
    {
        var x = raw[i];
        if (IsPresent(x, floor))
        {
            return x > cap ? cap : x;
        }

        return repairs ? Zheng2018Cleaning.Repair(i > 0 ? raw[i - 1] : float.NaN, i + 1 < raw.Length ? raw[i + 1] : float.NaN) : 0f;
    }
}
