namespace Edge.Trainer.Data;

/// <summary>Parses day cells and counts what they held, for <see cref="DataQuality"/>. Nothing is repaired.</summary>
internal sealed class CellTally
{
    public long Empty { get; private set; }

    public long NonNumeric { get; private set; }

    public long Negative { get; private set; }

    public long Above10000 { get; private set; }

    public int CustomersWithoutReading { get; set; }

    /// <summary>True and the reading for a number; false and NaN for an empty or non-numeric cell.</summary>
    public bool Read(ReadOnlySpan<byte> field, out float kwh)
    {
        // Most cells are bare digits; only the others pay for trimming.
        var cell = field.IsEmpty || (IsDigit(field[0]) && IsDigit(field[^1])) ? field : field.Trim(" \t"u8);
        if (cell.IsEmpty)
        {
            Empty++;
            kwh = float.NaN;
            return false;
        }

        if (!Utf8Decimal.TryParse(cell, out kwh))
        {
            NonNumeric++;
            kwh = float.NaN;
            return false;
        }

        if (kwh < 0)
        {
            Negative++;
        }
        else if (kwh > 10_000f)
        {
            Above10000++;
        }

        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
