using CsCheck;
using Edge.ModelContract.Features;

namespace Edge.ModelContract.Tests.Features;

/// <summary>
/// The SIMD feature kernel against <see cref="ReferenceFeatures"/>, the scalar code it replaced. Two pieces of
/// arithmetic differ, and the tolerances follow from them:
/// <list type="bullet">
/// <item>The Zheng cap's statistics: one pass of double sums shifted by the first present day, in SIMD lanes, instead of
/// two left-to-right passes. Where the two caps round to the same float, cleaning gives the same floats; elsewhere the
/// features are within 1e-6 (relative above 1).</item>
/// <item>Min-max scaling multiplies by 1 / range instead of dividing by range, both in double. Each rounding is within
/// half a unit in the last place of a double (2^-53 relative), so the double quotients differ by less than 2^-51
/// relative, far below a float's unit in the last place (2^-24 relative): the float results are equal or adjacent.
/// A scaled kwh value lies in [0, 1], where adjacent floats are at most 2^-24 apart; year-over-year and day-change are
/// float differences of two such values, at most 2 * 2^-24 off before their own rounding, which the reference shares
/// up to 2^-25: so scaled features are within 2^-22 of the reference. Unscaled features are the same floats.</item>
/// </list>
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
        // The one-pass variance mean(d^2) - mean(d)^2, d = x - K, with K the first present day: n roundings in each
        // sum give a relative error up to about n * 2^-53 of mean(d^2) = variance + (mean - K)^2. K is one of the n
        // present days, so (mean - K)^2 <= n * variance, and the variance is off by at most about n * (n + 1) * 2^-53
        // relative; the standard deviation by half that. The cap, mean + 2 std with mean >= 0 (Zheng's present days
        // are not negative), is at least 2 std, so it is off by at most about (n + 1)^2 * 2^-53 relative; the
        // reference's own left-to-right rounding adds up to n * 2^-53. Bound taken with a factor 4 of margin.
        Day.Array[0, 1200].Sample(series =>
        {
            var expected = ReferenceFeatures.CapThreshold(series);
            var actual = Zheng2018Cleaning.CapThreshold(series);
            var n = series.Length + 1.0;
            Assert.True(
                expected == actual || Math.Abs(expected - actual) <= 4 * n * n * Math.ScaleB(1.0, -53) * Math.Abs(expected),
                $"cap {actual} vs reference {expected} over {series.Length} days");
        });
    }

    [Fact]
    public void Cap_threshold_of_a_billed_constant_block_is_the_constant()
    {
        // Every present day the same: the shifted sums are exactly 0, so the variance is 0, not a rounding residue.
        Gen.Select(Gen.Float[0f, 1e6f], Gen.Int[1, 1200]).Sample((value, days) =>
        {
            var series = Enumerable.Repeat(value, days).ToArray();
            Assert.Equal((double)value, Zheng2018Cleaning.CapThreshold(series));
        });
    }

    [Fact]
    public void Cleaning_in_place_gives_the_reference_features_at_every_length_around_the_vector_width()
    {
        // Zheng2018Cleaning.Apply cleans a buffer into itself; FeaturePipeline reads the raw days and writes elsewhere.
        // Lengths 1..40 put missing days on every lane, at block edges and in the scalar tail (Vector<float> is 4 to 16).
        Gen.Int[1, 40].SelectMany(n => Day.Array[n]).Sample(series =>
        {
            var spec = new FeatureSpec { Layout = FeatureLayout.Days, Scaling = Scaling.None, WindowDays = series.Length };
            var expected = new float[series.Length];
            ReferenceFeatures.Transform(spec, series, expected);
            var actual = (float[])series.Clone();
            Zheng2018Cleaning.Apply(actual);
            AssertSameFeatures(spec, series, expected, actual);
        }, iter: 400);
    }

    [Fact]
    public void Kernel_gives_the_reference_features_at_every_window_length_around_the_vector_width()
    {
        // Window lengths 1..40 with every channel: rows, lags and padding that end inside a vector and in the tail.
        Gen.Select(Gen.Int[1, 40], Gen.Enum<CleaningPolicy>(), Gen.Enum<FeatureLayout>(), Day.Array[0, 60])
            .Sample((window, cleaning, layout, series) =>
            {
                var spec = new FeatureSpec { Cleaning = cleaning, Layout = layout, WindowDays = window, Channels = FeatureChannelSet.All };
                var expected = new float[spec.FeatureLength];
                var actual = new float[spec.FeatureLength];
                ReferenceFeatures.Transform(spec, series, expected);
                FeaturePipeline.Transform(spec, series, actual);
                AssertSameFeatures(spec, series, expected, actual);
            }, iter: 400);
    }

    private static void AssertSameFeatures(FeatureSpec spec, float[] series, float[] expected, float[] actual)
    {
        var sameCap = spec.Cleaning == CleaningPolicy.Seed || SameFloatCap(spec, series);
        var scalingRounding = spec.Scaling == Scaling.None ? 0.0 : Math.ScaleB(1.0, -22); // see the class comment
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var a = actual[i];
            var equal = e == a || (float.IsNaN(e) && float.IsNaN(a));
            Assert.True(
                equal || Math.Abs(a - e) <= (sameCap ? scalingRounding : 1e-6 * Math.Max(1.0, Math.Abs(e))),
                $"feature {i} of {spec} on {series.Length} days: {a:R}, reference {e:R} (same cap: {sameCap})");
        }
    }

    private static bool SameFloatCap(FeatureSpec spec, float[] series)
    {
        var recent = series.Length <= spec.WindowDays ? series : series[^spec.WindowDays..];
        return (float)ReferenceFeatures.CapThreshold(recent) == (float)Zheng2018Cleaning.CapThreshold(recent);
    }
}
