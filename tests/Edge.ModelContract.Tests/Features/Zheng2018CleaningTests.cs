using Edge.ModelContract.Features;

namespace Edge.ModelContract.Tests.Features;

public class Zheng2018CleaningTests
{
    private const float NaN = float.NaN;

    [Fact]
    public void Lone_missing_days_take_the_mean_of_their_raw_neighbours_and_negatives_count_as_missing()
    {
        // Present: 3, 5, 9 -> mean 17/3, population std sqrt(56/9) = 2.494, cap 10.65: nothing is capped.
        // Day 1: (3 + 5) / 2 = 4. Day 3 is negative, so missing: (5 + 9) / 2 = 7.
        float[] series = [3, NaN, 5, -4, 9];
        Zheng2018Cleaning.Apply(series);
        Assert.Equal([3f, 4f, 5f, 7f, 9f], series);
    }

    [Fact]
    public void Runs_of_missing_days_and_missing_ends_become_zero()
    {
        // First and last day have one neighbour only; days 3-4 are a run of two.
        float[] series = [NaN, 2, 2, NaN, NaN, 2, float.PositiveInfinity];
        Zheng2018Cleaning.Apply(series);
        Assert.Equal([0f, 2f, 2f, 0f, 0f, 2f, 0f], series);
    }

    [Fact]
    public void Present_days_above_mean_plus_two_std_are_capped_but_filled_days_are_not()
    {
        // Present: 10, 10 and eighteen 0s (n = 20). mean = 20/20 = 1;
        // variance = (18 * (0 - 1)^2 + 2 * (10 - 1)^2) / 20 = (18 + 162) / 20 = 9, std = 3; cap = 1 + 2 * 3 = 7.
        // Day 1 is missing between two raw 10s: (10 + 10) / 2 = 10, left uncapped: only present readings are capped.
        var series = new float[21];
        series[0] = 10;
        series[1] = NaN;
        series[2] = 10;
        Zheng2018Cleaning.Apply(series);

        var expected = new float[21];
        expected[0] = 7;
        expected[1] = 10;
        expected[2] = 7;
        Assert.Equal(expected, series);
    }

    [Fact]
    public void Cap_threshold_is_mean_plus_two_population_std_of_present_days()
    {
        // Present 0, 0, 0, 0, 0, 0, 0, 0, 0, 10: mean 1, variance (9 * 1 + 81) / 10 = 9, std 3 -> 1 + 6 = 7.
        float[] series = [0, 0, 0, 0, NaN, 0, 0, 0, -1, 0, 0, 10];
        Assert.Equal(7.0, Zheng2018Cleaning.CapThreshold(series), 12);
    }

    [Fact]
    public void A_window_with_no_present_day_becomes_all_zero()
    {
        float[] series = [NaN, -1, NaN];
        Zheng2018Cleaning.Apply(series);
        Assert.Equal([0f, 0f, 0f], series);
    }
}
