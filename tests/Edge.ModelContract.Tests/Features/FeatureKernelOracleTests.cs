using CsCheck;
using Edge.ModelContract.Features;

namespace Edge.ModelContract.Tests.Features;

/// <summary>
/// The SIMD feature kernel against <see cref="ReferenceFeatures"/>, the scalar code it replaced. The only arithmetic
/// that differs is the order of the double sums behind the Zheng cap (SIMD lanes instead of left to right): where the
/// two caps round to the same float, every feature must be the same float; elsewhere within 1e-6 (relative above 1).
/// </summary>
public class FeatureKernelOracleTests
{
    private static readonly Gen<float> Day = Gen.Frequency(
        (20, Gen.Float[0f, 50f]),
        (3, Gen.Const(float.NaN)),
        (1, Gen.Const(0f)),
        (1, Gen.OneOf(Gen.Const(800003f), Gen.Const(float.MaxValue), Gen.Float[1e3f, 1e6f])),
        (1, Gen.OneOf(Gen.Const(-1f), Gen.Const(float.PositiveInfinity), Gen.Const(float.NegativeInfinity), Gen.Const(-0f))),
        (1, Gen.Float));

    // Random days, plus the shapes real meters produce: a constant (billed) block, an outage of missing days, nothing.
    private static readonly Gen<float[]> Series = Gen.OneOf(
        Day.Array[0, 1200],
        Gen.Select(Gen.Float[0f, 20f], Gen.Int[0, 900], (value, days) => Enumerable.Repeat(value, days).ToArray()),
        Gen.Int[0, 900].Select(days => Enumerable.Repeat(float.NaN, days).ToArray()),
        Gen.Select(Day.Array[10, 900], Gen.Int[0, 899], Gen.Int[1, 60], (days, from, length) =>
        {
            days.AsSpan(Math.Min(from, days.Length - 1), Math.Min(length, days.Length - Math.Min(from, days.Length - 1))).Fill(float.NaN);
            return days;
        }));

    private static readonly Gen<FeatureSpec> Spec = Gen.Select(
        Gen.Enum<CleaningPolicy>(),
        Gen.Enum<FeatureLayout>(),
        Gen.Enum<Scaling>(),
        Gen.Int[1, 800],
        Gen.Int[0, (int)FeatureChannelSet.All],
        Gen.Float[-100f, 100f],
        Gen.Float[0f, 1000f],
        (cleaning, layout, scaling, window, channels, min, width) => new FeatureSpec
        {
            Cleaning = cleaning,
            Layout = layout,
            Scaling = scaling,
            WindowDays = window,
            Channels = (FeatureChannels)channels | FeatureChannels.Kwh,
            GlobalMin = scaling == Scaling.GlobalMinMax ? min : null,
            GlobalMax = scaling == Scaling.GlobalMinMax ? min + width : null,
        });

    [Fact]
    public void Kernel_gives_the_reference_features_on_random_series()
    {
        Gen.Select(Spec, Series).Sample((spec, series) =>
        {
            var expected = new float[spec.FeatureLength];
            var actual = new float[spec.FeatureLength];
            ReferenceFeatures.Transform(spec, series, expected);
            FeaturePipeline.Transform(spec, series, actual);
            AssertSameFeatures(spec, series, expected, actual);
        }, iter: 400);
    }

    [Fact]
    public void Kernel_gives_the_reference_features_over_a_demo_sized_window()
    {
        // The demo bundle's spec: 1,034 days padded to 148 weeks, all five channels, so year-over-year sees 670 days.
        var spec = new FeatureSpec { WindowDays = 1034, Channels = FeatureChannelSet.All };
        Day.Array[900, 1100].Sample(series =>
        {
            var expected = new float[spec.FeatureLength];
            var actual = new float[spec.FeatureLength];
            ReferenceFeatures.Transform(spec, series, expected);
            FeaturePipeline.Transform(spec, series, actual);
            AssertSameFeatures(spec, series, expected, actual);
        }, iter: 50);
    }

    [Fact]
    public void Cap_threshold_matches_the_left_to_right_sum_within_double_rounding()
    {
        Day.Array[0, 1200].Sample(series =>
        {
            var expected = ReferenceFeatures.CapThreshold(series);
            var actual = Zheng2018Cleaning.CapThreshold(series);
            Assert.True(
                expected == actual || Math.Abs(expected - actual) <= 1e-12 * Math.Abs(expected),
                $"cap {actual} vs reference {expected}");
        });
    }

    private static void AssertSameFeatures(FeatureSpec spec, float[] series, float[] expected, float[] actual)
    {
        var sameCap = spec.Cleaning == CleaningPolicy.Seed || SameFloatCap(spec, series);
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var a = actual[i];
            var equal = e == a || (float.IsNaN(e) && float.IsNaN(a));
            Assert.True(
                equal || (!sameCap && Math.Abs(a - e) <= 1e-6 * Math.Max(1.0, Math.Abs(e))),
                $"feature {i} of {spec} on {series.Length} days: {a:R}, reference {e:R} (same cap: {sameCap})");
        }
    }

    private static bool SameFloatCap(FeatureSpec spec, float[] series)
    {
        var recent = series.Length <= spec.WindowDays ? series : series[^spec.WindowDays..];
        return (float)ReferenceFeatures.CapThreshold(recent) == (float)Zheng2018Cleaning.CapThreshold(recent);
    }
}
