using System.Text;

namespace Edge.Gateway.Commands;

/// <summary>A plain-text table for the terminal: columns padded to their widest cell, the last one left free.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"a row has {cells.Length} cells; the table has {headers.Length} columns", nameof(cells));
        }

        _rows.Add([.. cells.Select(Printable)]);
    }

    /// <summary>
    /// Meter ids and evidence are data: control characters (line breaks, terminal escape sequences) are shown as '?'
    /// so a cell can neither break the table nor drive the terminal.
    /// </summary>
    public static string Printable(string text) =>
        text.Any(char.IsControl) ? new string([.. text.Select(c => char.IsControl(c) ? '?' : c)]) : text;

    public override string ToString()
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in _rows.Prepend(headers))
        {
            for (int i = 0; i < row.Length; i++)
            {
                text.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
