using Edge.ModelContract.Features;

namespace Edge.ModelContract.Tests.Features;

public class FeatureInputShapeTests
{
    private static readonly FeatureSpec WeeksFiveChannels = new() { WindowDays = 56, Channels = FeatureChannelSet.All };

    [Fact]
    public void Weekly_model_with_channels_reads_weeks_of_seven_days_times_channels()
    {
        // 56 days = 8 weeks; 5 channels -> 8 steps of 35 values = 280 = FeatureLength.
        Assert.Null(FeatureInputShape.Problem(WeeksFiveChannels, [8, 35]));
    }

    [Theory]
    [InlineData(new[] { 8, 7 }, "holds 56 values")]
    [InlineData(new[] { 40, 7 }, "must end in 35")]
    [InlineData(new[] { 280 }, "must end in 35")]
    [InlineData(new[] { 0, 35 }, "positive")]
    public void Shapes_that_do_not_read_the_vector_are_named(int[] shape, string reason)
    {
        Assert.Contains(reason, FeatureInputShape.Problem(WeeksFiveChannels, shape), StringComparison.Ordinal);
    }

    [Fact]
    public void Single_channel_day_models_may_view_the_days_any_way()
    {
        // The seed's (days, 1) and (1, days) views of one channel.
        var spec = FeatureSpec.Seed(28);
        Assert.Null(FeatureInputShape.Problem(spec, [28, 1]));
        Assert.Null(FeatureInputShape.Problem(spec, [1, 28]));
        Assert.Contains("must end in 2", FeatureInputShape.Problem(spec with { Channels = FeatureChannels.Kwh | FeatureChannels.MissingDay }, [1, 56]), StringComparison.Ordinal);
    }
}
