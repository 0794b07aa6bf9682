namespace Edge.ModelContract.Features;

/// <summary>
/// The weeks x 7 view of a daily series (Zheng et al. 2018's 2-D input). The feature buffer is row-major, so the view
/// is only a shape: week w, weekday d is element 7w + d. Windows that are not whole weeks are padded at their end.
/// </summary>
public static class WeeklyLayout
{
    public const int DaysPerWeek = 7;

    /// <summary>Days rounded up to whole weeks: 1,034 and 1,035 become 1,036 (148 weeks).</summary>
    public static int PaddedDays(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        return checked((days + DaysPerWeek - 1) / DaysPerWeek * DaysPerWeek);
    }

    public static int Weeks(int days) => PaddedDays(days) / DaysPerWeek;
}
