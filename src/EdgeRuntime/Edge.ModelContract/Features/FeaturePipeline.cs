using System.Buffers;

namespace Edge.ModelContract.Features;

/// <summary>
/// Turns a customer's daily kWh series into the model input described by a <see cref="FeatureSpec"/>. The Trainer and
/// the gateway both call this, so training and inference features cannot drift apart.
/// </summary>
/// <remarks>
/// Allocation-free: the kwh channel is cleaned and scaled in the caller's buffer (the batch ORT reads), or, with more
/// channels, in a stack buffer that is then interleaved into it. Padding days are written as the zeros cleaning makes
/// of them instead of being cleaned. bench/Edge.Bench scoring measures the cost against a bare ORT run.
/// </remarks>
public static class FeaturePipeline
{
    /// <summary>Feature days up to which the multi-channel scratch buffer lives on the stack (16 KiB).</summary>
    private const int StackDays = 4096;

    /// <summary>
    /// Takes the most recent <see cref="FeatureSpec.WindowDays"/> days (a shorter series is preceded by missing days),
    /// pads to <see cref="FeatureSpec.FeatureDays"/> with missing days at the end, cleans, then scales; with more than
    /// the kwh channel, interleaves the channels per day (<see cref="FeatureChannels"/>).
    /// Missing days are NaN in <paramref name="dailyKwh"/>. Writes exactly <see cref="FeatureSpec.FeatureLength"/> values.
    /// </summary>
    public static void Transform(FeatureSpec spec, ReadOnlySpan<float> dailyKwh, Span<float> features)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var days = spec.FeatureDays;
        var channels = spec.ChannelCount;
        if (features.Length != days * channels)
        {
            throw new ArgumentException($"features must hold {spec.FeatureLength} values, has {features.Length}", nameof(features));
        }

        var recent = SequenceWindows.Recent(dailyKwh, spec.WindowDays);
        var lead = spec.WindowDays - recent.Length;
        if (channels == 1)
        {
            Kwh(spec, recent, lead, features);
            return;
        }

        float[]? rented = null;
        var kwh = days <= StackDays ? stackalloc float[days] : (rented = ArrayPool<float>.Shared.Rent(days)).AsSpan(0, days);
        try
        {
            Kwh(spec, recent, lead, kwh);
            DailyChannels.Interleave(spec, recent, lead, kwh, features);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The kwh channel: the recent days after <paramref name="lead"/> missing days, missing days after them up to whole
    /// weeks, cleaned and scaled. Both policies clean a padding day to 0: it is missing, and a Zheng fill needs both
    /// neighbours present, which a day at or next to the padding never has; padding is not present, so it does not
    /// enter the cap statistics either. So only the recent days are cleaned, as a window of their own.
    /// </summary>
    private static void Kwh(FeatureSpec spec, ReadOnlySpan<float> recent, int lead, Span<float> kwh)
    {
        kwh[..lead].Clear();
        var days = kwh.Slice(lead, recent.Length);
        recent.CopyTo(days);
        kwh[(lead + recent.Length)..].Clear();
        SeriesCleaning.Apply(spec.Cleaning, days);

        switch (spec.Scaling)
        {
            case Scaling.None:
                break;
            case Scaling.PerCustomerMinMax:
                MinMaxScaling.ApplyPerCustomer(kwh);
                break;
            case Scaling.GlobalMinMax:
                MinMaxScaling.Apply(
                    kwh,
                    spec.GlobalMin ?? throw new InvalidOperationException("global-min-max scaling without globalMin"),
                    spec.GlobalMax ?? throw new InvalidOperationException("global-min-max scaling without globalMax"));
                break;
            default:
                throw new InvalidOperationException($"unknown scaling {spec.Scaling}");
        }
    }
}
