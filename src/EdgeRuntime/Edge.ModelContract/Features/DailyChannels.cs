namespace Edge.ModelContract.Features;

/// <summary>
/// Computes each day's <see cref="FeatureChannels"/> from the raw window (before cleaning) and the cleaned, scaled kwh
/// channel, and writes them interleaved: day d, channel c at d * channelCount + c.
/// </summary>
internal static class DailyChannels
{
    /// <param name="recent">The raw recent days; feature day d is recent[d - lead], and missing outside it.</param>
    public static void Interleave(FeatureSpec spec, ReadOnlySpan<float> recent, int lead, ReadOnlySpan<float> kwh, Span<float> features)
    {
        var channels = spec.Channels;
        var count = spec.ChannelCount;
        var missingDay = channels.HasFlag(FeatureChannels.MissingDay);
        var zeroReading = channels.HasFlag(FeatureChannels.ZeroReading);
        var yearOverYear = channels.HasFlag(FeatureChannels.YearOverYear);
        var dayChange = channels.HasFlag(FeatureChannels.DayChange);
        var policy = spec.Cleaning;
        const int lag = FeatureChannelSet.YearLagDays;

        var previousMissing = true;
        for (var d = 0; d < kwh.Length; d++)
        {
            var raw = RawDay(recent, d - lead);
            var missing = SeriesCleaning.IsMissing(policy, raw);
            var at = d * count;
            features[at++] = kwh[d];
            if (missingDay)
            {
                features[at++] = missing ? 1f : 0f;
            }

            if (zeroReading)
            {
                features[at++] = !missing && raw == 0f ? 1f : 0f;
            }

            if (yearOverYear)
            {
                features[at++] = d >= lag && !missing && !SeriesCleaning.IsMissing(policy, RawDay(recent, d - lag - lead))
                    ? kwh[d] - kwh[d - lag]
                    : 0f;
            }

            if (dayChange)
            {
                features[at] = !missing && !previousMissing ? Math.Abs(kwh[d] - kwh[d - 1]) : 0f;
            }

            previousMissing = missing;
        }
    }

    private static float RawDay(ReadOnlySpan<float> recent, int i) => (uint)i < (uint)recent.Length ? recent[i] : float.NaN;
}
