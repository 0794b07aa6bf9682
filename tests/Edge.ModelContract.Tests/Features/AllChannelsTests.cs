using CsCheck;
using Edge.ModelContract.Features;

namespace Edge.ModelContract.Tests.Features;

/// <summary>
/// <see cref="AllChannels"/> (the five channels computed and interleaved in one pass) against the row-by-row path of
/// <see cref="DailyChannels"/>, which other channel sets still take: the same floats, bit for bit, because both compute
/// the flags and the changes with the same float operations.
/// </summary>
public class AllChannelsTests
{
    private static readonly Gen<float> Day = Gen.Frequency(
        (20, Gen.Float[0f, 50f]),
        (3, Gen.Const(float.NaN)),
        (2, Gen.Const(0f)),
        (1, Gen.OneOf(Gen.Const(-1f), Gen.Const(float.PositiveInfinity), Gen.Const(float.NegativeInfinity), Gen.Const(-0f))),
        (1, Gen.Float));

    [Fact]
    public void One_pass_gives_the_row_paths_floats_at_every_window_length_around_the_block()
    {
        // Windows of 1..40 days put block edges, the first four days and the tail on every lane; 360..372 put the
        // year lag's first day at and around a block edge.
        var window = Gen.OneOf(Gen.Int[1, 40], Gen.Int[360, 372], Gen.Int[1000, 1040]);
        Gen.Select(window, Gen.Enum<CleaningPolicy>(), Gen.Enum<FeatureLayout>(), Gen.Enum<Scaling>(), Day.Array[0, 1100])
            .Sample((w, c, l, s, series) =>
            {
                var spec = new FeatureSpec
                {
                    Cleaning = c, Layout = l, Scaling = s, WindowDays = w, Channels = FeatureChannelSet.All,
                    GlobalMin = s == Scaling.GlobalMinMax ? 0f : null,
                    GlobalMax = s == Scaling.GlobalMinMax ? 40f : null,
                };
                var (expected, actual) = BothPaths(spec, series);
                for (var i = 0; i < expected.Length; i++)
                {
                    Assert.True(
                        BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                        $"feature {i} (day {i / 5}, channel {i % 5}) of {spec} on {series.Length} days: {actual[i]:R}, rows give {expected[i]:R}");
                }
            }, iter: 300);
    }

    [Fact]
    public void Flags_and_changes_of_a_hand_worked_week()
    {
        // Seed policy, no scaling, 8 days (Days layout): kwh is the raw day with missing days as 0.
        // raw:       2    NaN  0    5    -1   3    3    7
        // missing:   0    1    0    0    0    0    0    0      (-1 is finite: present under seed)
        // zero:      0    0    1    0    0    0    0    0
        // day-change 0    0    0    5    6    4    0    4      (|x_d - x_d-1| where both present; day 0 has none)
        var spec = new FeatureSpec
        {
            Cleaning = CleaningPolicy.Seed, Layout = FeatureLayout.Days, Scaling = Scaling.None, WindowDays = 8,
            Channels = FeatureChannelSet.All,
        };
        float[] raw = [2f, float.NaN, 0f, 5f, -1f, 3f, 3f, 7f];
        var features = new float[spec.FeatureLength];
        FeaturePipeline.Transform(spec, raw, features);
        float[] expected =
        [
            2f, 0f, 0f, 0f, 0f,
            0f, 1f, 0f, 0f, 0f,
            0f, 0f, 1f, 0f, 0f,
            5f, 0f, 0f, 0f, 5f,
            -1f, 0f, 0f, 0f, 6f,
            3f, 0f, 0f, 0f, 4f,
            3f, 0f, 0f, 0f, 0f,
            7f, 0f, 0f, 0f, 4f,
        ];
        Assert.Equal(expected, features);
    }

    private static (float[] Rows, float[] OnePass) BothPaths(FeatureSpec spec, float[] series)
    {
        var onePass = new float[spec.FeatureLength];
        FeaturePipeline.Transform(spec, series, onePass);

        // The row path, fed the same cleaned and scaled kwh channel: the kwh-only spec gives it.
        var days = spec.FeatureDays;
        var kwhSpec = new FeatureSpec
        {
            Cleaning = spec.Cleaning, Layout = spec.Layout, Scaling = spec.Scaling, WindowDays = spec.WindowDays,
            GlobalMin = spec.GlobalMin, GlobalMax = spec.GlobalMax,
        };
        var rows = new float[days * DailyChannels.Rows(spec.Channels)];
        FeaturePipeline.Transform(kwhSpec, series, rows.AsSpan(0, days));
        var recent = series.Length <= spec.WindowDays ? series : series[^spec.WindowDays..];
        var viaRows = new float[spec.FeatureLength];
        DailyChannels.Interleave(spec, recent, spec.WindowDays - recent.Length, days, rows, viaRows);
        return (viaRows, onePass);
    }
}
