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
    // Rows are gathered in chunks and copied once into the final array; the peak is about twice the values.
    private const int RowsPerChunk = 2048;

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
        var days = header.Days;
        var width = header.DayOfColumn.Length;
        var idIndex = header.IdIndex;

        var chunks = new List<float[]>();
        var ids = new List<string>();
        var labels = new List<byte>();
        var idLines = new Dictionary<string, long>(StringComparer.Ordinal);
        long empty = 0, nonNumeric = 0, negative = 0, huge = 0;
        var customersWithoutReading = 0;

        float[] chunk = [];
        var row = RowsPerChunk;
        while (true)
        {
            if (!csv.TryReadField(out var field, out var recordEnd))
            {
                break;
            }

            if (recordEnd && field.IsEmpty)
            {
                continue; // blank line
            }

            var line = csv.FieldLine;
            if (row == RowsPerChunk)
            {
                chunk = GC.AllocateUninitializedArray<float>(RowsPerChunk * days);
                chunks.Add(chunk);
                row = 0;
            }

            var values = chunk.AsSpan(row * days, days);
            values.Fill(float.NaN); // absent calendar days stay missing
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
                    var cell = field.IsEmpty || (IsDigit(field[0]) && IsDigit(field[^1])) ? field : field.Trim(" \t"u8);
                    if (cell.IsEmpty)
                    {
                        empty++;
                    }
                    else if (Utf8Decimal.TryParse(cell, out var kwh))
                    {
                        values[day] = kwh;
                        presentDays++;
                        if (kwh < 0)
                        {
                            negative++;
                        }
                        else if (kwh > 10_000f)
                        {
                            huge++;
                        }
                    }
                    else
                    {
                        nonNumeric++;
                    }
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
                if (recordEnd)
                {
                    break;
                }

                if (!csv.TryReadField(out field, out recordEnd))
                {
                    break;
                }
            }

            if (column < width)
            {
                throw new DataFileException(source, line, column + 1, $"row has {column} columns, the header has {width}");
            }

            if (!idLines.TryAdd(id!, line))
            {
                throw new DataFileException(source, line, idIndex + 1, $"customer id '{id}' on line {line} duplicates line {idLines[id!]}");
            }

            if (presentDays == 0)
            {
                customersWithoutReading++;
            }

            ids.Add(id!);
            labels.Add(label);
            row++;
        }

        if (ids.Count == 0)
        {
            throw new DataFileException(source, 2, null, "no customer rows after the header");
        }

        var kwhAll = GC.AllocateUninitializedArray<float>(checked(ids.Count * days));
        for (var k = 0; k < chunks.Count; k++)
        {
            var rows = Math.Min(RowsPerChunk, ids.Count - (k * RowsPerChunk));
            chunks[k].AsSpan(0, rows * days).CopyTo(kwhAll.AsSpan(k * RowsPerChunk * days));
            chunks[k] = [];
        }

        var dataset = new ConsumptionDataset(ids, [.. labels], header.FirstDay, days, kwhAll);
        var cells = (long)ids.Count * header.ColumnOrder.DayOfDateColumn.Count;
        var quality = new DataQuality(cells, empty, nonNumeric, negative, huge, customersWithoutReading);
        return new SgccFile(dataset, header.ColumnOrder, quality);
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

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

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
