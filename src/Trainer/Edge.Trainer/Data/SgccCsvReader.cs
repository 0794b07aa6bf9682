using System.Globalization;

namespace Edge.Trainer.Data;

/// <summary>
/// Reads the SGCC layout (State Grid Corporation of China data set: CONS_NO, FLAG, one column per day; see
/// docs/data.md) in one streaming pass. Values are kept as read: empty and non-numeric cells become NaN, negative and
/// absurd readings stay, and cleaning (Edge.ModelContract.Features) decides what to do with them.
/// Every structural problem is a <see cref="DataFileException"/> naming file, line and column.
/// </summary>
public static class SgccCsvReader
{
    public static SgccFile Read(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, 0, null, $"cannot open: {e.Message}");
        }

        using (stream)
        {
            return Read(stream, path);
        }
    }

    /// <param name="source">File name used in error messages.</param>
    public static SgccFile Read(Stream stream, string source)
    {
        using var csv = new CsvTokenizer(stream, source);
        var header = ReadHeader(csv, source);
        var rows = new RowChunks(header.Days);
        var ids = new List<string>();
        var labels = new List<byte>();
        var idLines = new Dictionary<string, long>(StringComparer.Ordinal);
        var tally = new CellTally();

        while (csv.TryReadField(out var field, out var recordEnd))
        {
            if (recordEnd && field.IsEmpty)
            {
                continue; // blank line
            }

            var line = csv.FieldLine;
            var (id, label) = ReadRow(csv, header, field, recordEnd, rows.Add(), tally, source);
            if (!idLines.TryAdd(id, line))
            {
                throw new DataFileException(source, line, header.IdIndex + 1, $"customer id '{id}' on line {line} duplicates line {idLines[id]}");
            }

            ids.Add(id);
            labels.Add(label);
        }

        if (ids.Count == 0)
        {
            throw new DataFileException(source, 2, null, "no customer rows after the header");
        }

        var dataset = new ConsumptionDataset(ids, [.. labels], header.FirstDay, header.Days, rows.ToArray());
        var cells = (long)ids.Count * header.ColumnOrder.DayOfDateColumn.Count;
        var quality = new DataQuality(cells, tally.Empty, tally.NonNumeric, tally.Negative, tally.Above10000, tally.CustomersWithoutReading);
        return new SgccFile(dataset, header.ColumnOrder, quality);
    }

    /// <summary>Reads one record whose first field is <paramref name="field"/>; day values go to <paramref name="values"/>.</summary>
    private static (string Id, byte Label) ReadRow(
        CsvTokenizer csv, SgccHeader header, ReadOnlySpan<byte> field, bool recordEnd, Span<float> values, CellTally tally, string source)
    {
        var width = header.DayOfColumn.Length;
        var line = csv.FieldLine;
        string? id = null;
        byte label = 0;
        var presentDays = 0;
        var column = 0;
        while (true)
        {
            if (column == width)
            {
                throw new DataFileException(source, csv.FieldLine, column + 1, $"row has more than the header's {width} columns");
            }

            var day = header.DayOfColumn[column];
            if (day >= 0)
            {
                presentDays += tally.Read(field, out values[day]) ? 1 : 0;
            }
            else if (day == SgccHeader.IdColumn)
            {
                id = CsvTokenizer.Text(field).Trim();
                if (id.Length == 0)
                {
                    throw new DataFileException(source, csv.FieldLine, column + 1, "empty customer id");
                }
            }
            else
            {
                label = ParseFlag(field, source, csv.FieldLine, column + 1);
            }

            column++;
            if (recordEnd || !csv.TryReadField(out field, out recordEnd))
            {
                break;
            }
        }

        if (column < width)
        {
            throw new DataFileException(source, line, column + 1, $"row has {column} columns, the header has {width}");
        }

        if (presentDays == 0)
        {
            tally.CustomersWithoutReading++;
        }

        return (id!, label);
    }

    private static SgccHeader ReadHeader(CsvTokenizer csv, string source)
    {
        var names = new List<string>();
        while (csv.TryReadField(out var field, out var recordEnd))
        {
            if (names.Count == 0 && recordEnd && field.IsEmpty)
            {
                continue; // blank lines before the header
            }

            names.Add(CsvTokenizer.Text(field));
            if (recordEnd)
            {
                break;
            }
        }

        if (names.Count == 0)
        {
            throw new DataFileException(source, 1, null, "file is empty; expected a header CONS_NO,FLAG,<dates...>");
        }

        return SgccHeader.Parse(names, source);
    }

    private static byte ParseFlag(ReadOnlySpan<byte> field, string source, long line, int column)
    {
        var text = field.Trim(" \t"u8);
        // Exactly 0 or 1; a pandas re-save may write 0.0 / 1.0.
        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var flag) && flag is 0f or 1f)
        {
            return (byte)flag;
        }

        throw new DataFileException(source, line, column, $"FLAG must be 0 (normal) or 1 (theft), got '{CsvTokenizer.Text(text)}'");
    }
}
