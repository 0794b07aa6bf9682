using System.Numerics;

namespace Edge.ModelContract.Features;

/// <summary>
/// Computes the <see cref="FeatureChannels"/> besides kwh from the raw window (before cleaning) and the cleaned, scaled
/// kwh channel, each as a row of its own with <see cref="Vector{T}"/> passes, and hands the rows to
/// <see cref="ChannelInterleave"/> for the day-major layout: day d, channel c at d * channelCount + c.
/// </summary>
internal static class DailyChannels
{
    /// <summary>Rows of feature days <see cref="Interleave"/> needs: one per channel, and one for the missing-day flags
    /// that year-over-year and day-change read when missing-day is not itself a channel.</summary>
    public static int Rows(FeatureChannels channels) =>
        FeatureChannelSet.Count(channels) + (channels.HasFlag(FeatureChannels.MissingDay) ? 0 : 1);

    /// <param name="recent">The raw recent days; feature day d is recent[d - lead], and missing outside it.</param>
    /// <param name="rows"><see cref="Rows"/> rows of the feature days, the first holding the kwh channel; the others are
    /// overwritten.</param>
    public static void Interleave(FeatureSpec spec, ReadOnlySpan<float> recent, int lead, int days, Span<float> rows, Span<float> features)
    {
        var count = spec.ChannelCount;
        var channels = spec.Channels;
        var kwh = rows[..days];
        var channel = 1;
        var missing = rows.Slice((channels.HasFlag(FeatureChannels.MissingDay) ? channel++ : count) * days, days);
        MissingFlags(spec.Cleaning, recent, lead, missing);

        if (channels.HasFlag(FeatureChannels.ZeroReading))
        {
            ZeroReadings(recent, lead, rows.Slice(channel++ * days, days));
        }

        if (channels.HasFlag(FeatureChannels.YearOverYear))
        {
            const int lag = FeatureChannelSet.YearLagDays;
            var row = rows.Slice(channel++ * days, days);
            var first = Math.Min(lag, days);
            row[..first].Clear();
            Changes(kwh[first..], kwh[..(days - first)], missing[first..], missing[..(days - first)], row[first..], absolute: false);
        }

        if (channels.HasFlag(FeatureChannels.DayChange))
        {
            var row = rows.Slice(channel * days, days);
            row[0] = 0f;
            Changes(kwh[1..], kwh[..^1], missing[1..], missing[..^1], row[1..], absolute: true);
        }

        ChannelInterleave.Write(rows[..(count * days)], days, count, features);
    }

    /// <summary>1 where the policy repairs the raw day, or the day lies outside the recent days (lead-in, padding), else 0.</summary>
    private static void MissingFlags(CleaningPolicy policy, ReadOnlySpan<float> recent, int lead, Span<float> missing)
    {
        missing[..lead].Fill(1f);
        missing[(lead + recent.Length)..].Fill(1f);
        var flags = missing.Slice(lead, recent.Length);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= recent.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var isMissing = SeriesCleaning.Missing(policy, new Vector<float>(recent[i..]));
                Vector.ConditionalSelect(isMissing, Vector<float>.One, Vector<float>.Zero).CopyTo(flags[i..]);
            }
        }

        for (; i < recent.Length; i++)
        {
            flags[i] = SeriesCleaning.IsMissing(policy, recent[i]) ? 1f : 0f;
        }
    }

    /// <summary>1 where the raw reading is exactly 0 kWh (0 is present under every policy), else 0.</summary>
    private static void ZeroReadings(ReadOnlySpan<float> recent, int lead, Span<float> row)
    {
        row[..lead].Clear();
        row[(lead + recent.Length)..].Clear();
        var zeros = row.Slice(lead, recent.Length);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= recent.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var isZero = Vector.Equals(new Vector<float>(recent[i..]), Vector<float>.Zero);
                Vector.ConditionalSelect(isZero, Vector<float>.One, Vector<float>.Zero).CopyTo(zeros[i..]);
            }
        }

        for (; i < recent.Length; i++)
        {
            zeros[i] = recent[i] == 0f ? 1f : 0f;
        }
    }

    /// <summary>
    /// later - earlier (or its absolute value) where neither day was missing, else 0: year-over-year with days 364
    /// apart, day-change with neighbours.
    /// </summary>
    private static void Changes(
        ReadOnlySpan<float> later, ReadOnlySpan<float> earlier, ReadOnlySpan<float> laterMissing, ReadOnlySpan<float> earlierMissing, Span<float> into, bool absolute)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= later.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var change = new Vector<float>(later[i..]) - new Vector<float>(earlier[i..]);
                if (absolute)
                {
                    change = Vector.Abs(change);
                }

                var bothKnown = Vector.Equals(new Vector<float>(laterMissing[i..]) + new Vector<float>(earlierMissing[i..]), Vector<float>.Zero);
                Vector.ConditionalSelect(bothKnown, change, Vector<float>.Zero).CopyTo(into[i..]);
            }
        }

        for (; i < later.Length; i++)
        {
            var change = later[i] - earlier[i];
            into[i] = laterMissing[i] + earlierMissing[i] == 0f ? absolute ? Math.Abs(change) : change : 0f;
        }
    }
}
