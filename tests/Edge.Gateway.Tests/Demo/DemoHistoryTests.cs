using Edge.Gateway.Demo;
using Edge.Runtime.Daily;

namespace Edge.Gateway.Tests.Demo;

/// <summary>
/// The demo's stored history, read back by the gateway's own daily-series builder (independent code), gives the
/// household's kWh per day, the register share where the meter steals, and missing days where the file is empty.
/// </summary>
public sealed class DemoHistoryTests
{
    private static DemoHousehold Household(string cells, DateOnly lastDay)
    {
        var csv = $"CONS_NO,FLAG,2014/1/1,2014/1/2,2014/1/3,2014/1/4,2014/1/5\nother,0,1,1,1,1,1\nh1,0,{cells}\n";
        return DemoHousehold.Read(new StringReader(csv), "test.csv", "h1", lastDay);
    }

    [Fact]
    public void History_reads_back_as_the_households_days_with_theft_and_gaps()
    {
        var liveDay = new DateOnly(2026, 11, 23);
        // Five days ending on the live day: history is the first four; day 2 is missing.
        var household = Household("4.8,,12,24,9", liveDay);
        var thief = new DemoMeter("m", "h1", "test", HistoryRegisterShare: 0.25, HistoryTheftDays: 2, LiveRegisterShare: 0.25, PulseMeterId: null);

        var (readings, final) = DemoHistory.Build(thief, household, liveDay, TimeZoneInfo.Utc);
        var series = DailySeriesBuilder.Build("m", readings, [], liveDay.AddDays(-4), liveDay.AddDays(-1), new DailySeriesOptions());

        Assert.Equal(new DateOnly(2026, 11, 19), household.FirstDay);
        // Day 1: 4.8 kWh honest. Day 2: unread (NaN). Days 3 and 4 are the last two history days: 25% of 12 and 24 kWh.
        // Registers count whole Wh, so a day may lose up to 2 Wh to the rounding of its two ends.
        Assert.InRange(series.Kwh[0], 4.798f, 4.8001f);
        Assert.True(float.IsNaN(series.Kwh[1]));
        Assert.InRange(series.Kwh[2], 2.998f, 3.0001f);
        Assert.InRange(series.Kwh[3], 5.998f, 6.0001f);
        // Register: 1,000,000 Wh + 4,800 + the unread day at the household's mean of the known days (12.45 kWh)
        // + 3,000 + 6,000, rounded down (hourly sums of doubles may land a hair below a whole Wh).
        Assert.InRange(final, 1_000_000 + 4_800 + 12_450 + 3_000 + 6_000 - 1, 1_000_000 + 4_800 + 12_450 + 3_000 + 6_000);
    }

    [Fact]
    public void A_cell_that_is_not_kwh_is_reported_with_file_line_and_column()
    {
        var error = Assert.Throws<InvalidDataException>(() => Household("1,2,x,4,5", new DateOnly(2026, 11, 23)));

        Assert.Equal("test.csv:3, column 5: 'x' is not a kWh figure.", error.Message);
    }

    [Fact]
    public void An_unknown_household_is_named()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            DemoHousehold.Read(new StringReader("CONS_NO,FLAG,2014/1/1\na,0,1\n"), "test.csv", "zz", new DateOnly(2026, 11, 23)));

        Assert.Equal("test.csv: no household zz.", error.Message);
    }
}
