namespace Edge.Trainer.Data;

/// <summary>
/// The header of an SGCC-layout file: a customer id column (CONS_NO, or CUSTOMER as in the seed notebook), FLAG, and
/// one column per day. Resolves the calendar: day columns sorted by date, absent days inserted.
/// </summary>
internal sealed class SgccHeader
{
    /// <summary>Day index of each file column, or one of the negative markers below.</summary>
    public required int[] DayOfColumn { get; init; }

    public const int IdColumn = -1;
    public const int FlagColumn = -2;

    public required string[] Names { get; init; }

    public required DateOnly FirstDay { get; init; }

    public required int Days { get; init; }

    public required SgccColumnOrder ColumnOrder { get; init; }

    public int IdIndex => Array.IndexOf(DayOfColumn, IdColumn);

    public static SgccHeader Parse(IReadOnlyList<string> names, string path)
    {
        int? id = null;
        int? flag = null;
        var dates = new List<(DateOnly Date, int Column)>();
        for (var c = 0; c < names.Count; c++)
        {
            var name = names[c].Trim();
            if (name.Equals("CONS_NO", StringComparison.OrdinalIgnoreCase) || name.Equals("CUSTOMER", StringComparison.OrdinalIgnoreCase))
            {
                id = id is { } earlier ? throw Error(path, c, $"second customer id column '{name}'; column {earlier + 1} is already '{names[earlier]}'") : c;
            }
            else if (name.Equals("FLAG", StringComparison.OrdinalIgnoreCase))
            {
                flag = flag is { } earlier ? throw Error(path, c, $"second FLAG column; column {earlier + 1} is already FLAG") : c;
            }
            else if (SgccDateHeader.TryParse(name, out var date))
            {
                dates.Add((date, c));
            }
            else
            {
                throw Error(path, c, $"header '{name}' is neither CONS_NO/CUSTOMER, FLAG nor a date ({SgccDateHeader.AcceptedFormats})");
            }
        }

        if (id is null)
        {
            throw new DataFileException(path, 1, null, $"no customer id column: the header needs CONS_NO or CUSTOMER (found {Preview(names)})");
        }

        if (flag is null)
        {
            throw new DataFileException(path, 1, null, $"no FLAG column (0 normal, 1 theft) in the header (found {Preview(names)})");
        }

        if (dates.Count == 0)
        {
            throw new DataFileException(path, 1, null, $"no day columns: after the id and FLAG columns the header needs one date per day ({SgccDateHeader.AcceptedFormats})");
        }

        var sorted = dates.OrderBy(d => d.Date).ToArray();
        for (var k = 1; k < sorted.Length; k++)
        {
            if (sorted[k].Date == sorted[k - 1].Date)
            {
                var (a, b) = (Math.Min(sorted[k].Column, sorted[k - 1].Column), Math.Max(sorted[k].Column, sorted[k - 1].Column));
                throw Error(path, b, $"date {sorted[k].Date:yyyy-MM-dd} appears twice, in columns {a + 1} and {b + 1}");
            }
        }

        var first = sorted[0];
        var last = sorted[^1];
        var span = last.Date.DayNumber - first.Date.DayNumber + 1;
        var absent = span - sorted.Length;
        if (absent > sorted.Length)
        {
            // More calendar holes than days: almost surely a typo in a year, not a sparse file.
            throw Error(path, last.Column,
                $"dates run from {first.Date:yyyy-MM-dd} (column {first.Column + 1}) to {last.Date:yyyy-MM-dd} (column {last.Column + 1}), " +
                $"{span} days for {sorted.Length} day columns; check for a mistyped date");
        }

        var dayOfColumn = new int[names.Count];
        var dayOfDateColumn = new int[dates.Count];
        for (var k = 0; k < dates.Count; k++)
        {
            var day = dates[k].Date.DayNumber - first.Date.DayNumber;
            dayOfColumn[dates[k].Column] = day;
            dayOfDateColumn[k] = day;
        }

        dayOfColumn[id.Value] = IdColumn;
        dayOfColumn[flag.Value] = FlagColumn;

        var present = new bool[span];
        foreach (var d in dayOfDateColumn)
        {
            present[d] = true;
        }

        var inserted = new List<DateOnly>();
        for (var d = 0; d < span; d++)
        {
            if (!present[d])
            {
                inserted.Add(first.Date.AddDays(d));
            }
        }

        return new SgccHeader
        {
            DayOfColumn = dayOfColumn,
            Names = [.. names],
            FirstDay = first.Date,
            Days = span,
            ColumnOrder = new SgccColumnOrder(dayOfDateColumn, inserted),
        };
    }

    private static DataFileException Error(string path, int column, string reason) => new(path, 1, column + 1, reason);

    private static string Preview(IReadOnlyList<string> names) =>
        names.Count <= 4 ? string.Join(", ", names.Select(n => $"'{n}'")) : string.Join(", ", names.Take(4).Select(n => $"'{n}'")) + ", ...";
}
