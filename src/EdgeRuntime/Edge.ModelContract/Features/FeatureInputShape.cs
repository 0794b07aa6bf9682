namespace Edge.ModelContract.Features;

/// <summary>
/// Whether a model input shape (batch excluded) reads the feature vector a <see cref="FeatureSpec"/> produces, so the
/// Trainer (before bundling) and the gateway (before loading) apply one rule.
/// </summary>
public static class FeatureInputShape
{
    /// <summary>Null when the shape fits; else one line saying what does not.</summary>
    public static string? Problem(FeatureSpec spec, IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(shape);
        var text = $"[{string.Join(", ", shape)}]";
        if (shape.Count == 0 || shape.Any(d => d <= 0))
        {
            return $"model input shape {text} must have positive dimensions";
        }

        // FeaturePipeline.Transform writes exactly FeatureLength values per customer; the model must take that many.
        var values = shape.Aggregate(1L, (a, d) => a * d);
        if (values != spec.FeatureLength)
        {
            return $"model input shape {text} holds {values} values but the feature spec (windowDays {spec.WindowDays}, "
                + $"layout {spec.Layout}, {spec.ChannelCount} channel(s)) produces {spec.FeatureLength}";
        }

        // Channels are innermost (FeatureChannels): a weekly model's last axis holds whole weeks of every channel.
        var step = spec.Layout == FeatureLayout.Weeks ? WeeklyLayout.DaysPerWeek * spec.ChannelCount : spec.ChannelCount;
        if ((spec.Layout == FeatureLayout.Weeks || spec.ChannelCount > 1) && shape[^1] != step)
        {
            return $"model input shape {text} must end in {step} values per step (layout {spec.Layout}, {spec.ChannelCount} channel(s))";
        }

        return null;
    }
}
