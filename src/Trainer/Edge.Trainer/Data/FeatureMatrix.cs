using Edge.ModelContract.Features;

namespace Edge.Trainer.Data;

/// <summary>
/// Model inputs for a set of customers: one row of <see cref="FeatureSpec.FeatureLength"/> values per customer, built
/// with the same <see cref="FeaturePipeline"/> the gateway runs.
/// </summary>
public static class FeatureMatrix
{
    /// <summary>Row-major customers x FeatureLength features and the customers' labels.</summary>
    public static (float[] Features, float[] Labels) Build(ConsumptionDataset dataset, FeatureSpec spec, ReadOnlySpan<int> customers)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(spec);
        var width = spec.FeatureLength;
        var features = new float[customers.Length * width];
        var labels = new float[customers.Length];
        for (var r = 0; r < customers.Length; r++)
        {
            FeaturePipeline.Transform(spec, dataset.Series(customers[r]), features.AsSpan(r * width, width));
            labels[r] = dataset.Labels[customers[r]];
        }

        return (features, labels);
    }

    /// <summary>
    /// Fits global min-max scaling on the training customers only (never validation or test) and returns the spec
    /// with the fitted range recorded, so the gateway can apply the identical mapping.
    /// </summary>
    public static FeatureSpec FitGlobalScaling(ConsumptionDataset dataset, FeatureSpec spec, ReadOnlySpan<int> trainCustomers)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(spec);
        // The range is the kwh channel's; the other channels have fixed ranges of their own.
        var unscaled = spec with { Scaling = Scaling.None, GlobalMin = null, GlobalMax = null, Channels = FeatureChannels.Kwh };
        var row = new float[unscaled.FeatureLength];
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var c in trainCustomers)
        {
            FeaturePipeline.Transform(unscaled, dataset.Series(c), row);
            foreach (var x in row)
            {
                min = Math.Min(min, x);
                max = Math.Max(max, x);
            }
        }

        if (!float.IsFinite(min))
        {
            throw new ArgumentException("no training customers to fit the scaling on", nameof(trainCustomers));
        }

        return spec with { Scaling = Scaling.GlobalMinMax, GlobalMin = min, GlobalMax = max };
    }
}
