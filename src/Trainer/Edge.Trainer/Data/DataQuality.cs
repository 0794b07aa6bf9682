namespace Edge.Trainer.Data;

/// <summary>What the reader found in the value cells; nothing here is repaired, cleaning decides later.</summary>
/// <param name="Cells">Day cells read from the file (customers x day columns).</param>
/// <param name="Empty">Empty cells, stored as NaN.</param>
/// <param name="NonNumeric">Cells that are not a number, stored as NaN (pandas' to_numeric(errors='coerce')).</param>
/// <param name="Negative">Negative readings, kept as read.</param>
/// <param name="Above10000">Readings above 10,000 kWh a day (SGCC has such, up to 800,003), kept as read.</param>
/// <param name="CustomersWithoutReading">Customers whose every day is missing.</param>
public sealed record DataQuality(long Cells, long Empty, long NonNumeric, long Negative, long Above10000, int CustomersWithoutReading)
{
    public double MissingShare => Cells == 0 ? 0 : (Empty + NonNumeric) / (double)Cells;
}
