using Edge.MeterAdapter.Dsmr;

namespace Edge.MeterAdapter.Tests.Dsmr;

public class DsmrTimestampTests
{
    [Theory]
    [InlineData("101209113020W", 2010, 12, 9, 11, 30, 20, 1)]
    [InlineData("200426223325S", 2020, 4, 26, 22, 33, 25, 2)]
    [InlineData("000101000000W", 2000, 1, 1, 0, 0, 0, 1)]
    [InlineData("240229235959W", 2024, 2, 29, 23, 59, 59, 1)]
    public void Season_letter_gives_the_offset(string text, int y, int mo, int d, int h, int mi, int s, int offsetHours)
    {
        Assert.True(DsmrTimestamp.TryParse(text, null, out var time));
        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.FromHours(offsetHours)), time);
        Assert.Equal(text, DsmrTimestamp.Format(time));
    }

    [Theory]
    [InlineData("101209113020X")]
    [InlineData("101309113020W")] // month 13
    [InlineData("230229113020W")] // 2023 is not a leap year
    [InlineData("101209243020W")]
    [InlineData("1012091130W")]
    [InlineData("10120911302AW")]
    [InlineData("")]
    public void Rejects_malformed(string text) => Assert.False(DsmrTimestamp.TryParse(text, TimeZoneInfo.Utc, out _));

    [Fact]
    public void Twelve_digits_need_a_zone()
    {
        Assert.False(DsmrTimestamp.TryParse("161107190000", null, out _));
        var plusOne = TimeZoneInfo.CreateCustomTimeZone("p1", TimeSpan.FromHours(1), "p1", "p1");
        Assert.True(DsmrTimestamp.TryParse("161107190000", plusOne, out var time));
        Assert.Equal(new DateTimeOffset(2016, 11, 7, 19, 0, 0, TimeSpan.FromHours(1)), time);
    }

    [Fact]
    public void Other_offsets_are_written_in_winter_time()
    {
        // 10:00 UTC is 11:00 at UTC+1.
        Assert.Equal("261124110000W", DsmrTimestamp.Format(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("000101000000W", true)]
    [InlineData("700101010000W", true)]
    [InlineData("101209113020W", false)]
    public void Placeholders(string text, bool placeholder)
    {
        Assert.True(DsmrTimestamp.TryParse(text, null, out var time));
        Assert.Equal(placeholder, DsmrTimestamp.IsPlaceholder(time));
    }
}
