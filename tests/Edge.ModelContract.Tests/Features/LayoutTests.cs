using Edge.ModelContract.Features;

namespace Edge.ModelContract.Tests.Features;

public class LayoutTests
{
    [Theory]
    [InlineData(1034, 1036, 148)]
    [InlineData(1035, 1036, 148)]
    [InlineData(1036, 1036, 148)]
    [InlineData(1037, 1043, 149)]
    [InlineData(7, 7, 1)]
    public void Weeks_round_up_to_whole_weeks(int days, int padded, int weeks)
    {
        Assert.Equal(padded, WeeklyLayout.PaddedDays(days));
        Assert.Equal(weeks, WeeklyLayout.Weeks(days));
    }

    [Fact]
    public void Sequence_windows_match_create_sequences()
    {
        // create_sequences([1..5], 3) = [[1,2,3],[2,3,4],[3,4,5]]: len - steps + 1 = 3 windows.
        float[] series = [1, 2, 3, 4, 5];
        Assert.Equal(3, SequenceWindows.Count(series.Length, 3));
        var windows = new float[9];
        SequenceWindows.Slice(series, 3, 1, windows);
        Assert.Equal([1f, 2, 3, 2, 3, 4, 3, 4, 5], windows);
    }

    [Fact]
    public void Sequence_windows_with_stride_two()
    {
        float[] series = [1, 2, 3, 4, 5, 6];
        // Starts 0 and 2; a start at 4 would need days 4..6.
        Assert.Equal(2, SequenceWindows.Count(series.Length, 3, 2));
        var windows = new float[6];
        SequenceWindows.Slice(series, 3, 2, windows);
        Assert.Equal([1f, 2, 3, 3, 4, 5], windows);
    }

    [Fact]
    public void Too_short_series_has_no_window()
    {
        Assert.Equal(0, SequenceWindows.Count(2, 3));
    }
}
