namespace Edge.Trainer.Data;

/// <summary>
/// How the file's day columns map onto the dataset's calendar. Real SGCC columns are not in date order and one day
/// (2016-09-18) is absent, so the reader sorts by date and inserts absent days as missing (the calendar fix of
/// Zheng et al. 2018 as HORLN implements it).
/// </summary>
/// <param name="DayOfDateColumn">For the k-th day column of the file (left to right), its day index in the dataset.</param>
/// <param name="InsertedDays">Calendar days between the first and last date that had no column; all missing.</param>
public sealed record SgccColumnOrder(IReadOnlyList<int> DayOfDateColumn, IReadOnlyList<DateOnly> InsertedDays)
{
    /// <summary>True when the file's day columns were already in increasing date order.</summary>
    public bool WasChronological
    {
        get
        {
            for (var k = 1; k < DayOfDateColumn.Count; k++)
            {
                if (DayOfDateColumn[k] <= DayOfDateColumn[k - 1])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
