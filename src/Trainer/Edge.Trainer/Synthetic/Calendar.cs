namespace Edge.Trainer.Synthetic;

/// <summary>Per-day seasonal shapes shared by all households: heating, cooling, weekend and holiday indicators.</summary>
internal sealed class Calendar
{
    public Calendar(DateOnly firstDay, int days)
    {
        Heating = new double[days];
        Cooling = new double[days];
        IsWeekend = new bool[days];
        IsHoliday = new bool[days];
        for (var t = 0; t < days; t++)
        {
            var date = firstDay.AddDays(t);
            var angle = 2 * Math.PI / 365.25;
            // Heating peaks mid-January, cooling (sharper) late July.
            Heating[t] = Math.Max(0, Math.Cos(angle * (date.DayOfYear - 15)));
            var summer = Math.Max(0, Math.Cos(angle * (date.DayOfYear - 205)));
            Cooling[t] = summer * summer;
            IsWeekend[t] = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            IsHoliday[t] = ChineseHolidays.IsHoliday(date);
        }
    }

    public double[] Heating { get; }

    public double[] Cooling { get; }

    public bool[] IsWeekend { get; }

    public bool[] IsHoliday { get; }

    public int Days => Heating.Length;
}
