using Edge.Engine.Models;
using Edge.Engine.Tensors;
using Edge.ModelContract.Features;

namespace Edge.Trainer.Models;

/// <summary>
/// A detector architecture by name: which features it reads (layout and window) and how the flat feature vector is
/// viewed as its input tensor. The view is only a shape, since features are row-major: (days, 1), (1, days) or
/// (weeks, 7) all share one buffer.
/// </summary>
public sealed record TheftModel
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public required FeatureLayout Layout { get; init; }

    /// <summary>Days the model scores; null means the whole series of the data set.</summary>
    public int? DefaultWindowDays { get; init; }

    /// <summary>The input shape (batch excluded) for a feature vector of the given length.</summary>
    public required Func<int, Shape> InputShape { get; init; }

    /// <summary>Creates the untrained network (layers only; built and compiled by the caller).</summary>
    public required Func<Sequential> Create { get; init; }

    /// <summary>Defaults of the seed notebook for this model, used when the CLI is not told otherwise.</summary>
    public int DefaultEpochs { get; init; } = 10;

    public int DefaultBatchSize { get; init; } = 32;

    /// <summary>The feature spec for a data set of <paramref name="datasetDays"/> days under a cleaning policy.</summary>
    public FeatureSpec FeatureSpecFor(int datasetDays, CleaningPolicy cleaning, int? windowDays = null) => new()
    {
        Cleaning = cleaning,
        // The seed fed raw kWh; the literature scales each customer to [0, 1] (Zheng et al. 2018).
        Scaling = cleaning == CleaningPolicy.Seed ? Scaling.None : Scaling.PerCustomerMinMax,
        Layout = Layout,
        WindowDays = Math.Min(windowDays ?? DefaultWindowDays ?? datasetDays, datasetDays),
    };
}
