namespace Edge.Trainer.Synthetic;

/// <summary>
/// Public holidays that move household consumption in the SGCC years: Spring Festival week (from New Year's Eve),
/// Labour Day (1-3 May), National Day week (1-7 October) and 1 January. Spring Festival follows the lunar calendar,
/// so its dates are listed; outside the listed years only the fixed-date holidays apply.
/// </summary>
public static class ChineseHolidays
{
    private static readonly DateOnly[] SpringFestival =
    [
        new(2013, 2, 10), new(2014, 1, 31), new(2015, 2, 19), new(2016, 2, 8), new(2017, 1, 28),
        new(2018, 2, 16), new(2019, 2, 5), new(2020, 1, 25), new(2021, 2, 12), new(2022, 2, 1),
    ];

    public static bool IsHoliday(DateOnly date)
    {
        if ((date.Month == 1 && date.Day == 1) || (date.Month == 5 && date.Day <= 3) || (date.Month == 10 && date.Day <= 7))
        {
            return true;
        }

        foreach (var newYear in SpringFestival)
        {
            var offset = date.DayNumber - newYear.DayNumber;
            if (offset is >= -1 and <= 5)
            {
                return true;
            }
        }

        return false;
    }
}
