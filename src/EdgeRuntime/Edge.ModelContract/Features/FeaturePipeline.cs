namespace Edge.ModelContract.Features;

/// <summary>
/// Turns a customer's daily kWh series into the model input described by a <see cref="FeatureSpec"/>. The Trainer and
/// the gateway both call this, so training and inference features cannot drift apart.
/// </summary>
public static class FeaturePipeline
{
    /// <summary>
    /// Takes the most recent <see cref="FeatureSpec.WindowDays"/> days (a shorter series is preceded by missing days),
    /// pads to <see cref="FeatureSpec.FeatureDays"/> with missing days at the end, cleans, then scales.
    /// Missing days are NaN in <paramref name="dailyKwh"/>. Writes exactly FeatureDays values.
    /// </summary>
    public static void Transform(FeatureSpec spec, ReadOnlySpan<float> dailyKwh, Span<float> features)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var window = spec.WindowDays;
        var length = spec.FeatureDays;
        if (features.Length != length)
        {
            throw new ArgumentException($"features must hold {length} values, has {features.Length}", nameof(features));
        }

        var recent = SequenceWindows.Recent(dailyKwh, window);
        var lead = window - recent.Length;
        features[..lead].Fill(float.NaN);
        recent.CopyTo(features[lead..]);
        features[window..].Fill(float.NaN);

        SeriesCleaning.Apply(spec.Cleaning, features);

        switch (spec.Scaling)
        {
            case Scaling.None:
                break;
            case Scaling.PerCustomerMinMax:
                MinMaxScaling.ApplyPerCustomer(features);
                break;
            case Scaling.GlobalMinMax:
                MinMaxScaling.Apply(
                    features,
                    spec.GlobalMin ?? throw new InvalidOperationException("global-min-max scaling without globalMin"),
                    spec.GlobalMax ?? throw new InvalidOperationException("global-min-max scaling without globalMax"));
                break;
            default:
                throw new InvalidOperationException($"unknown scaling {spec.Scaling}");
        }
    }
}
