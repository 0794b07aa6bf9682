using Edge.ModelContract.Features;

namespace Edge.ModelContract.Tests.Features;

public class FeaturePipelineTests
{
    private const float NaN = float.NaN;

    [Fact]
    public void Weekly_zheng_pipeline_takes_recent_window_pads_cleans_and_scales()
    {
        var spec = new FeatureSpec { WindowDays = 10, Layout = FeatureLayout.Weeks };
        Assert.Equal(14, spec.FeatureDays);

        // Window: the last 10 days [1, 2, NaN, 4, ..., 10], then 4 padding days (missing).
        // Present 1,2,4..10: mean 52/9 = 5.78, std 2.90, cap 11.6 -> no capping.
        // Day 2: (2 + 4) / 2 = 3. Day 10 (first pad) has a missing right neighbour -> 0; the rest of the pad -> 0.
        // Scaling: min 0, max 10 -> x / 10.
        float[] series = [100, 100, 1, 2, NaN, 4, 5, 6, 7, 8, 9, 10];
        var features = new float[14];
        FeaturePipeline.Transform(spec, series, features);
        Assert.Equal([0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1f, 0, 0, 0, 0], features);
    }

    [Fact]
    public void Short_series_is_preceded_by_missing_days()
    {
        // [NaN, NaN, NaN, 2, 4]: day 2 has a missing left neighbour -> 0; present 2, 4 (cap 3 + 2 = 5). Scale by 4.
        var spec = new FeatureSpec { WindowDays = 5, Layout = FeatureLayout.Days };
        var features = new float[5];
        FeaturePipeline.Transform(spec, [2, 4], features);
        Assert.Equal([0f, 0, 0, 0.5f, 1], features);
    }

    [Fact]
    public void Seed_spec_keeps_raw_kwh_with_missing_as_zero()
    {
        var spec = FeatureSpec.Seed(4);
        var features = new float[4];
        FeaturePipeline.Transform(spec, [9, NaN, 12.5f, -1, 3], features);
        Assert.Equal([0f, 12.5f, -1, 3], features);
    }

    [Fact]
    public void Global_scaling_uses_the_fitted_range_from_the_spec()
    {
        var spec = new FeatureSpec
        {
            WindowDays = 3,
            Layout = FeatureLayout.Days,
            Scaling = Scaling.GlobalMinMax,
            GlobalMin = 0,
            GlobalMax = 20,
        };
        var features = new float[3];
        // Present 5, 10, 15: mean 10, std 4.08, cap 18.2 -> no capping; / 20.
        FeaturePipeline.Transform(spec, [5, 10, 15], features);
        Assert.Equal([0.25f, 0.5f, 0.75f], features);
    }
}
