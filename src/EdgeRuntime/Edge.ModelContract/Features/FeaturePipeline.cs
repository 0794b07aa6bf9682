using System.Buffers;

namespace Edge.ModelContract.Features;

/// <summary>
/// Turns a customer's daily kWh series into the model input described by a <see cref="FeatureSpec"/>. The Trainer and
/// the gateway both call this, so training and inference features cannot drift apart.
/// </summary>
public static class FeaturePipeline
{
    /// <summary>
    /// Takes the most recent <see cref="FeatureSpec.WindowDays"/> days (a shorter series is preceded by missing days),
    /// pads to <see cref="FeatureSpec.FeatureDays"/> with missing days at the end, cleans, then scales; with more than
    /// the kwh channel, interleaves the channels per day (<see cref="FeatureChannels"/>).
    /// Missing days are NaN in <paramref name="dailyKwh"/>. Writes exactly <see cref="FeatureSpec.FeatureLength"/> values.
    /// </summary>
    public static void Transform(FeatureSpec spec, ReadOnlySpan<float> dailyKwh, Span<float> features)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (features.Length != spec.FeatureLength)
        {
            throw new ArgumentException($"features must hold {spec.FeatureLength} values, has {features.Length}", nameof(features));
        }

        if (spec.Channels == FeatureChannels.Kwh)
        {
            Kwh(spec, dailyKwh, features);
            return;
        }

        var days = spec.FeatureDays;
        var buffer = ArrayPool<float>.Shared.Rent(2 * days);
        try
        {
            var raw = buffer.AsSpan(0, days);
            var kwh = buffer.AsSpan(days, days);
            Window(spec, dailyKwh, raw);
            raw.CopyTo(kwh);
            CleanAndScale(spec, kwh);
            DailyChannels.Interleave(spec, raw, kwh, features);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>The kwh channel alone: window, clean and scale in place.</summary>
    private static void Kwh(FeatureSpec spec, ReadOnlySpan<float> dailyKwh, Span<float> features)
    {
        Window(spec, dailyKwh, features);
        CleanAndScale(spec, features);
    }

    /// <summary>The recent window with NaN for the days before the series and for the padding to whole weeks.</summary>
    private static void Window(FeatureSpec spec, ReadOnlySpan<float> dailyKwh, Span<float> days)
    {
        var window = spec.WindowDays;
        var recent = SequenceWindows.Recent(dailyKwh, window);
        var lead = window - recent.Length;
        days[..lead].Fill(float.NaN);
        recent.CopyTo(days[lead..]);
        days[window..].Fill(float.NaN);
    }

    private static void CleanAndScale(FeatureSpec spec, Span<float> days)
    {
        SeriesCleaning.Apply(spec.Cleaning, days);

        switch (spec.Scaling)
        {
            case Scaling.None:
                break;
            case Scaling.PerCustomerMinMax:
                MinMaxScaling.ApplyPerCustomer(days);
                break;
            case Scaling.GlobalMinMax:
                MinMaxScaling.Apply(
                    days,
                    spec.GlobalMin ?? throw new InvalidOperationException("global-min-max scaling without globalMin"),
                    spec.GlobalMax ?? throw new InvalidOperationException("global-min-max scaling without globalMax"));
                break;
            default:
                throw new InvalidOperationException($"unknown scaling {spec.Scaling}");
        }
    }
}
