using Edge.Engine.Models;
using Edge.Engine.Tensors;
using Edge.ModelContract.Features;

namespace Edge.Trainer.Models;

/// <summary>
/// A detector architecture by name: which features it reads (layout, window, channels) and how the flat feature vector
/// is viewed as its input tensor. The view is only a shape, since features are row-major with channels innermost:
/// (days, 1), (1, days), (weeks, 7) or (weeks, 7 x channels) all share one buffer.
/// </summary>
public sealed record TheftModel
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public required FeatureLayout Layout { get; init; }

    /// <summary>Days the model scores; null means the whole series of the data set.</summary>
    public int? DefaultWindowDays { get; init; }

    /// <summary>The input shape (batch excluded) for a feature vector of (feature days, channels).</summary>
    public required Func<int, int, Shape> ShapeOf { get; init; }

    /// <summary>The channels the model reads unless told otherwise.</summary>
    public FeatureChannels DefaultChannels { get; init; } = FeatureChannels.Kwh;

    /// <summary>The channels the architecture can read at all (the seed models: kwh only, as in the seed).</summary>
    public FeatureChannels SupportedChannels { get; init; } = FeatureChannels.Kwh;

    /// <summary>Creates the untrained network (layers only; built and compiled by the caller).</summary>
    public required Func<Sequential> Create { get; init; }

    /// <summary>Defaults of the seed notebook for this model, used when the CLI is not told otherwise.</summary>
    public int DefaultEpochs { get; init; } = 10;

    public int DefaultBatchSize { get; init; } = 32;

    /// <summary>The input shape (batch excluded) for features built by <paramref name="spec"/>.</summary>
    public Shape InputShape(FeatureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return ShapeOf(spec.FeatureDays, spec.ChannelCount);
    }

    /// <summary>Whether the model can read <paramref name="channels"/>; if not, a one-line reason.</summary>
    public string? ChannelsProblem(FeatureChannels channels) =>
        !FeatureChannelSet.IsValid(channels) ? $"channels must include kwh, got {FeatureChannelSet.Format(channels)}"
        : (channels & ~SupportedChannels) != 0 ? $"model {Name} reads only the {FeatureChannelSet.Format(SupportedChannels)} channel(s), not {FeatureChannelSet.Format(channels)}"
        : null;

    /// <summary>The feature spec for a data set of <paramref name="datasetDays"/> days under a cleaning policy.</summary>
    public FeatureSpec FeatureSpecFor(int datasetDays, CleaningPolicy cleaning, int? windowDays = null, FeatureChannels? channels = null)
    {
        var chosen = channels ?? DefaultChannels;
        if (ChannelsProblem(chosen) is { } problem)
        {
            throw new ArgumentException(problem, nameof(channels));
        }

        return new()
        {
            Cleaning = cleaning,
            // The seed fed raw kWh; the literature scales each customer to [0, 1] (Zheng et al. 2018).
            Scaling = cleaning == CleaningPolicy.Seed ? Scaling.None : Scaling.PerCustomerMinMax,
            Layout = Layout,
            WindowDays = Math.Min(windowDays ?? DefaultWindowDays ?? datasetDays, datasetDays),
            Channels = chosen,
        };
    }
}
