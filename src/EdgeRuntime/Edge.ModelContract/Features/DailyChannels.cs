namespace Edge.ModelContract.Features;

/// <summary>
/// Computes each day's <see cref="FeatureChannels"/> from the raw window (before cleaning) and the cleaned, scaled kwh
/// channel, and writes them interleaved: day d, channel c at d * channelCount + c.
/// </summary>
internal static class DailyChannels
{
    public static void Interleave(FeatureSpec spec, ReadOnlySpan<float> raw, ReadOnlySpan<float> kwh, Span<float> features)
    {
        var channels = spec.Channels;
        var count = spec.ChannelCount;
        var lag = FeatureChannelSet.YearLagDays;
        for (var d = 0; d < kwh.Length; d++)
        {
            var missing = SeriesCleaning.IsMissing(spec.Cleaning, raw[d]);
            var at = d * count;
            features[at++] = kwh[d];
            if (channels.HasFlag(FeatureChannels.MissingDay))
            {
                features[at++] = missing ? 1f : 0f;
            }

            if (channels.HasFlag(FeatureChannels.ZeroReading))
            {
                features[at++] = !missing && raw[d] == 0f ? 1f : 0f;
            }

            if (channels.HasFlag(FeatureChannels.YearOverYear))
            {
                features[at++] = d >= lag && !missing && !SeriesCleaning.IsMissing(spec.Cleaning, raw[d - lag])
                    ? kwh[d] - kwh[d - lag]
                    : 0f;
            }

            if (channels.HasFlag(FeatureChannels.DayChange))
            {
                features[at] = d >= 1 && !missing && !SeriesCleaning.IsMissing(spec.Cleaning, raw[d - 1])
                    ? Math.Abs(kwh[d] - kwh[d - 1])
                    : 0f;
            }
        }
    }
}
