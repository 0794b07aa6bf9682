using Edge.ModelContract.Features;

namespace Edge.ModelContract.Tests.Features;

/// <summary>
/// The feature code as it was before the SIMD kernel (commit cd94d55), kept here only as a test oracle: plain scalar
/// loops, a padded NaN window cleaned as a whole, sums left to right in double. Not used by any product code.
/// </summary>
internal static class ReferenceFeatures
{
    public static void Transform(FeatureSpec spec, ReadOnlySpan<float> dailyKwh, Span<float> features)
    {
        var days = spec.FeatureDays;
        var raw = new float[days];
        var window = spec.WindowDays;
        var recent = dailyKwh.Length <= window ? dailyKwh : dailyKwh[^window..];
        var lead = window - recent.Length;
        raw.AsSpan(0, lead).Fill(float.NaN);
        recent.CopyTo(raw.AsSpan(lead));
        raw.AsSpan(window).Fill(float.NaN);

        var kwh = (float[])raw.Clone();
        Clean(spec.Cleaning, kwh);
        switch (spec.Scaling)
        {
            case Scaling.PerCustomerMinMax:
                ScalePerCustomer(kwh);
                break;
            case Scaling.GlobalMinMax:
                Scale(kwh, spec.GlobalMin!.Value, spec.GlobalMax!.Value);
                break;
        }

        if (spec.Channels == FeatureChannels.Kwh)
        {
            kwh.CopyTo(features);
            return;
        }

        Interleave(spec, raw, kwh, features);
    }

    private static bool IsMissing(CleaningPolicy policy, float x) =>
        policy == CleaningPolicy.Seed ? !float.IsFinite(x) : !float.IsFinite(x) || x < 0f;

    private static void Clean(CleaningPolicy policy, float[] series)
    {
        if (policy == CleaningPolicy.Seed)
        {
            for (var i = 0; i < series.Length; i++)
            {
                series[i] = float.IsFinite(series[i]) ? series[i] : 0f;
            }

            return;
        }

        var cap = (float)CapThreshold(series);
        var previousRaw = float.NaN;
        for (var i = 0; i < series.Length; i++)
        {
            var raw = series[i];
            float cleaned;
            if (IsMissing(policy, raw))
            {
                var next = i + 1 < series.Length ? series[i + 1] : float.NaN;
                cleaned = !IsMissing(policy, previousRaw) && !IsMissing(policy, next)
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

    public static double CapThreshold(float[] series)
    {
        double sum = 0;
        var count = 0;
        foreach (var x in series)
        {
            if (!IsMissing(CleaningPolicy.Zheng2018, x))
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
            if (!IsMissing(CleaningPolicy.Zheng2018, x))
            {
                var d = x - mean;
                squares += d * d;
            }
        }

        return mean + (2.0 * Math.Sqrt(squares / count));
    }

    private static void ScalePerCustomer(float[] series)
    {
        if (series.Length == 0)
        {
            return;
        }

        var min = series[0];
        var max = series[0];
        foreach (var x in series)
        {
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }

        Scale(series, min, max);
    }

    private static void Scale(float[] series, float min, float max)
    {
        double range = (double)max - min;
        for (var i = 0; i < series.Length; i++)
        {
            series[i] = range > 0 ? (float)Math.Clamp((series[i] - (double)min) / range, 0.0, 1.0) : 0f;
        }
    }

    private static void Interleave(FeatureSpec spec, float[] raw, float[] kwh, Span<float> features)
    {
        var channels = spec.Channels;
        var count = spec.ChannelCount;
        const int lag = FeatureChannelSet.YearLagDays;
        for (var d = 0; d < kwh.Length; d++)
        {
            var missing = IsMissing(spec.Cleaning, raw[d]);
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
                features[at++] = d >= lag && !missing && !IsMissing(spec.Cleaning, raw[d - lag]) ? kwh[d] - kwh[d - lag] : 0f;
            }

            if (channels.HasFlag(FeatureChannels.DayChange))
            {
                features[at] = d >= 1 && !missing && !IsMissing(spec.Cleaning, raw[d - 1]) ? Math.Abs(kwh[d] - kwh[d - 1]) : 0f;
            }
        }
    }
}
