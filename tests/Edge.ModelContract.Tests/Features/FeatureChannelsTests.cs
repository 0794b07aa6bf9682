using Edge.ModelContract.Features;

namespace Edge.ModelContract.Tests.Features;

public class FeatureChannelsTests
{
    private const float NaN = float.NaN;

    [Fact]
    public void Channels_are_interleaved_per_day_in_enum_order_and_computed_from_the_raw_window()
    {
        var spec = new FeatureSpec
        {
            WindowDays = 5,
            Layout = FeatureLayout.Days,
            Channels = FeatureChannels.Kwh | FeatureChannels.MissingDay | FeatureChannels.ZeroReading | FeatureChannels.DayChange,
        };
        Assert.Equal(20, spec.FeatureLength);

        // Raw window [4, NaN, 0, 8, 2]. Zheng cleaning: present 4, 0, 8, 2 (mean 3.5, std 2.96, cap 9.4: none capped);
        // day 1 has both neighbours present -> (4 + 0) / 2 = 2. Cleaned [4, 2, 0, 8, 2]; min 0, max 8 -> x / 8:
        // kwh [0.5, 0.25, 0, 1, 0.25]. Missing: day 1. Zero reading: day 2 (present and 0; day 1's 0 is not a reading).
        // Day change |kwh[d] - kwh[d-1]| where both raw days are present: day 0 none, days 1 and 2 touch the missing
        // day -> 0, day 3 |1 - 0| = 1, day 4 |0.25 - 1| = 0.75.
        var features = new float[20];
        FeaturePipeline.Transform(spec, [4, NaN, 0, 8, 2], features);
        Assert.Equal(
            [
                0.5f, 0, 0, 0,
                0.25f, 1, 0, 0,
                0f, 0, 1, 0,
                1f, 0, 0, 1,
                0.25f, 0, 0, 0.75f,
            ],
            features);
    }

    [Fact]
    public void Year_over_year_compares_the_same_weekday_364_days_earlier()
    {
        // 371 days: a steady 2 kWh, with day 2 missing, day 366 at 6 kWh and day 370 at 0 kWh. Seed cleaning and no
        // scaling keep kWh as they are (missing -> 0), so the channel is plain kWh differences:
        // day 364 vs day 0: 2 - 2 = 0; day 366 vs day 2 (missing): 0; day 367 vs day 3: 2 - 2 = 0;
        // day 370 vs day 6: 0 - 2 = -2; day 365 vs day 1: 0. Days before 364 have no year before: 0.
        var series = Enumerable.Repeat(2f, 371).ToArray();
        series[2] = NaN;
        series[366] = 6;
        series[370] = 0;
        var spec = FeatureSpec.Seed(371) with { Channels = FeatureChannels.Kwh | FeatureChannels.YearOverYear };
        var features = new float[2 * 371];

        FeaturePipeline.Transform(spec, series, features);

        float Yoy(int day) => features[(2 * day) + 1];
        Assert.All(Enumerable.Range(0, 364), d => Assert.Equal(0f, Yoy(d)));
        Assert.Equal(0f, Yoy(364));
        Assert.Equal(0f, Yoy(366));
        Assert.Equal(6f, features[2 * 366]); // the kwh channel still carries the day
        Assert.Equal(-2f, Yoy(370));
        Assert.Equal(0f, Yoy(367));
    }

    [Fact]
    public void The_window_padding_counts_as_missing_days()
    {
        // Weekly layout: 5 days pad to 7. Series shorter than the window: 3 leading missing days, then [1, 3].
        var spec = new FeatureSpec { WindowDays = 5, Layout = FeatureLayout.Weeks, Channels = FeatureChannels.Kwh | FeatureChannels.MissingDay };
        var features = new float[14];
        FeaturePipeline.Transform(spec, [1, 3], features);
        Assert.Equal([1f, 1, 1, 0, 0, 1, 1], Enumerable.Range(0, 7).Select(d => features[(2 * d) + 1]));
    }

    [Fact]
    public void Kwh_alone_is_version_1s_vector()
    {
        // The kwh channel of a multi-channel vector equals the single-channel vector of the same window.
        float[] series = [3, NaN, 5, 0, 9, 1, 2, NaN, NaN, 7];
        var single = new FeatureSpec { WindowDays = 10, Layout = FeatureLayout.Weeks };
        var multi = single with { Channels = FeatureChannelSet.All };
        var one = new float[single.FeatureLength];
        var five = new float[multi.FeatureLength];
        FeaturePipeline.Transform(single, series, one);
        FeaturePipeline.Transform(multi, series, five);
        Assert.Equal(one, Enumerable.Range(0, one.Length).Select(d => five[5 * d]));
    }

    [Theory]
    [InlineData("kwh", FeatureChannels.Kwh)]
    [InlineData("kwh,missing-day", FeatureChannels.Kwh | FeatureChannels.MissingDay)]
    [InlineData(" year-over-year , kwh ", FeatureChannels.Kwh | FeatureChannels.YearOverYear)]
    public void Channel_names_parse_as_the_json_writes_them(string names, FeatureChannels expected)
    {
        Assert.Equal(expected, FeatureChannelSet.Parse(names));
    }

    [Theory]
    [InlineData("kwh,weather")]
    [InlineData("kwh,2")]
    public void Unknown_channel_names_are_refused_with_the_known_ones(string names)
    {
        var e = Assert.Throws<FormatException>(() => FeatureChannelSet.Parse(names));
        Assert.Contains("zero-reading", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_channel_has_a_name_that_round_trips()
    {
        Assert.Equal("kwh, missing-day, zero-reading, year-over-year, day-change", FeatureChannelSet.Format(FeatureChannelSet.All));
        Assert.Equal(FeatureChannelSet.All, FeatureChannelSet.Parse(FeatureChannelSet.Format(FeatureChannelSet.All)));
    }
}
