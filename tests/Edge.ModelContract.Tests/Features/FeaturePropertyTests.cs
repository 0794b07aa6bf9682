using CsCheck;
using Edge.ModelContract.Features;

namespace Edge.ModelContract.Tests.Features;

public class FeaturePropertyTests
{
    // Any float, plus the awkward values real meter data has: missing, infinite, negative, SGCC's 800,003 kWh.
    private static readonly Gen<float> Reading = Gen.OneOf(
        Gen.Float,
        Gen.Float[0f, 50f],
        Gen.Const(float.NaN),
        Gen.Const(float.PositiveInfinity),
        Gen.Const(float.NegativeInfinity),
        Gen.Const(-1f),
        Gen.Const(800003f),
        Gen.Const(float.MaxValue));

    private static readonly Gen<FeatureSpec> Spec =
        Gen.Select(
            Gen.Enum<CleaningPolicy>(),
            Gen.Enum<FeatureLayout>(),
            Gen.Int[1, 40],
            Gen.Float[-100f, 100f],
            Gen.Float[0f, 1000f],
            Gen.Bool,
            (cleaning, layout, window, min, width, global) => new FeatureSpec
            {
                Cleaning = cleaning,
                Layout = layout,
                WindowDays = window,
                Scaling = global ? Scaling.GlobalMinMax : Scaling.PerCustomerMinMax,
                GlobalMin = global ? min : null,
                GlobalMax = global ? min + width : null,
            });

    [Fact]
    public void Cleaning_always_yields_finite_values()
    {
        Gen.Select(Gen.Enum<CleaningPolicy>(), Reading.Array[0, 60]).Sample((policy, series) =>
        {
            SeriesCleaning.Apply(policy, series);
            Assert.All(series, x => Assert.True(float.IsFinite(x), $"{policy} produced {x}"));
        });
    }

    [Fact]
    public void Scaled_features_are_finite_and_within_zero_one()
    {
        Gen.Select(Spec, Reading.Array[0, 60]).Sample((spec, series) =>
        {
            var features = new float[spec.FeatureDays];
            FeaturePipeline.Transform(spec, series, features);
            Assert.All(features, x => Assert.True(x is >= 0f and <= 1f, $"{spec} produced {x}"));
        });
    }

    [Fact]
    public void Every_channel_stays_in_its_documented_range()
    {
        // kwh and day-change in [0, 1], the indicators exactly 0 or 1, year-over-year in [-1, 1] (a difference of two
        // values in [0, 1]).
        Gen.Select(Spec, Reading.Array[0, 400]).Sample((spec, series) =>
        {
            var all = spec with { Channels = FeatureChannelSet.All, WindowDays = spec.WindowDays + 364 };
            var features = new float[all.FeatureLength];
            FeaturePipeline.Transform(all, series, features);
            for (var d = 0; d < all.FeatureDays; d++)
            {
                var at = d * 5;
                Assert.InRange(features[at], 0f, 1f);
                Assert.True(features[at + 1] is 0f or 1f, $"missing-day {features[at + 1]}");
                Assert.True(features[at + 2] is 0f or 1f, $"zero-reading {features[at + 2]}");
                Assert.InRange(features[at + 3], -1f, 1f);
                Assert.InRange(features[at + 4], 0f, 1f);
            }
        });
    }
}
