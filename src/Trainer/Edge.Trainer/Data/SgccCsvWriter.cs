using System.Globalization;
using System.Text;

namespace Edge.Trainer.Data;

/// <summary>
/// Writes a dataset in the SGCC layout (CONS_NO, FLAG, one column per day headed yyyy/M/d), missing days as empty
/// cells, values in the shortest form that reads back to the same float. Output bytes depend only on the dataset.
/// </summary>
public static class SgccCsvWriter
{
    public static void Write(Stream stream, ConsumptionDataset dataset, IProgress<int>? rowsWritten = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dataset);
        var buffer = new byte[1 << 16];
        var used = 0;

        void Put(ReadOnlySpan<byte> bytes)
        {
            if (used + bytes.Length > buffer.Length)
            {
                stream.Write(buffer, 0, used);
                used = 0;
            }

            bytes.CopyTo(buffer.AsSpan(used));
            used += bytes.Length;
        }

        var header = new StringBuilder("CONS_NO,FLAG");
        for (var d = 0; d < dataset.Days; d++)
        {
            header.Append(',').Append(SgccDateHeader.Format(dataset.DateOf(d)));
        }

        stream.Write(Encoding.UTF8.GetBytes(header.Append('\n').ToString()));

        Span<byte> number = stackalloc byte[32];
        for (var c = 0; c < dataset.Count; c++)
        {
            Put(Encoding.UTF8.GetBytes(Quoted(dataset.CustomerIds[c])));
            Put(dataset.Labels[c] == 1 ? ",1"u8 : ",0"u8);
            foreach (var kwh in dataset.Series(c))
            {
                Put(","u8);
                if (!float.IsNaN(kwh))
                {
                    kwh.TryFormat(number, out var written, default, CultureInfo.InvariantCulture);
                    Put(number[..written]);
                }
            }

            Put("\n"u8);
            if ((c + 1) % 1000 == 0)
            {
                rowsWritten?.Report(c + 1);
            }
        }

        stream.Write(buffer, 0, used);
        rowsWritten?.Report(dataset.Count);
    }

    /// <summary>RFC 4180 quoting, only when the id holds a comma, quote or line break.</summary>
    private static string Quoted(string id) =>
        id.AsSpan().IndexOfAny(",\"\r\n") < 0 ? id : $"\"{id.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
