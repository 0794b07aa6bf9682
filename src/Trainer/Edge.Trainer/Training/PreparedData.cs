using Edge.Engine.Tensors;
using Edge.ModelContract.Features;
using Edge.Trainer.Data;
using Edge.Trainer.Models;

namespace Edge.Trainer.Training;

/// <summary>One part of the split as model input: features viewed in the model's input shape, labels, customer rows.</summary>
public sealed record PreparedPart(Tensor X, Tensor Y, int[] Customers)
{
    public int Count => Customers.Length;

    public int[] IntLabels() => Y.ReadOnlySpan.ToArray().Select(v => (int)v).ToArray();

    /// <summary>Flat features (customers x feature length), for models that ignore the input shape.</summary>
    public ReadOnlySpan<float> FlatFeatures => X.ReadOnlySpan;

    public int FeatureLength => Count == 0 ? 0 : X.Length / Count;
}

/// <summary>The split, the fitted feature spec and the three parts, ready for a model.</summary>
public sealed record PreparedData(FeatureSpec Spec, Shape InputShape, PreparedPart Train, PreparedPart Validation, PreparedPart Test)
{
    /// <summary>
    /// Splits by customer (stratified), fits whatever the feature spec needs on the training part only, and builds the
    /// features of every part with the same code the gateway runs.
    /// </summary>
    public static PreparedData Prepare(ConsumptionDataset dataset, TheftModel model, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var split = StratifiedSplit.Split(dataset.Labels, options.TestShare, options.ValidationShare, options.Seed);
        var spec = model.FeatureSpecFor(dataset.Days, options.Cleaning, options.WindowDays, options.Channels);
        if (spec.Scaling == Scaling.GlobalMinMax)
        {
            spec = FeatureMatrix.FitGlobalScaling(dataset, spec, split.Train);
        }

        var inputShape = model.InputShape(spec);
        return new PreparedData(spec, inputShape, Part(split.Train), Part(split.Validation), Part(split.Test));

        PreparedPart Part(int[] customers)
        {
            var (features, labels) = FeatureMatrix.Build(dataset, spec, customers);
            return new PreparedPart(
                new Tensor(inputShape.WithBatch(customers.Length), features),
                new Tensor(new Shape(customers.Length, 1), labels),
                customers);
        }
    }
}
