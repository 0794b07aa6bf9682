using System.Text;
using Edge.MeterAdapter.Checksums;
using Edge.MeterAdapter.Obis;

namespace Edge.MeterAdapter.Iec62056;

/// <summary>
/// The data message of a readout: <c>STX data-block ! CR LF ETX BCC</c> (IEC 62056-21, data message), where the data
/// block is lines of data sets, each line ending in CR LF, and BCC is the XOR of every byte after STX up to and
/// including ETX. The encoder (for the simulator and tests) and the decoder sit side by side; the decoder never throws
/// and returns data sets only for a message whose every check passed.
/// </summary>
public static class DataMessage
{
    private static readonly byte[] EndLine = "!\r\n"u8.ToArray();

    public static byte[] Encode(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append("\r\n");
        }

        text.Append("!\r\n");
        var body = Encoding.ASCII.GetBytes(text.ToString());
        var message = new byte[body.Length + 3];
        message[0] = BlockCheckCharacter.Stx;
        body.CopyTo(message, 1);
        message[^2] = BlockCheckCharacter.Etx;
        message[^1] = BlockCheckCharacter.Compute(message.AsSpan(1, message.Length - 2));
        return message;
    }

    /// <summary>Checks one complete message (first byte STX, last byte BCC) and parses its data lines.</summary>
    public static DataMessageResult Decode(ReadOnlySpan<byte> message)
    {
        if (message.Length < 2 + EndLine.Length + 1 || message[0] != BlockCheckCharacter.Stx || message[^2] != BlockCheckCharacter.Etx)
        {
            return DataMessageResult.Rejected(Iec62056RejectReason.MalformedFrame, "expected STX ... ETX followed by one BCC byte");
        }

        var nonAscii = message.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
        if (nonAscii >= 0)
        {
            return DataMessageResult.Rejected(Iec62056RejectReason.NonAsciiByte, $"byte {nonAscii} is 0x{message[nonAscii]:X2}; characters are 7-bit (7E1 framing)");
        }

        var covered = message[1..^1];
        var expected = BlockCheckCharacter.Compute(covered);
        if (expected != message[^1])
        {
            return DataMessageResult.Rejected(Iec62056RejectReason.BccMismatch, $"BCC is 0x{message[^1]:X2}, the block gives 0x{expected:X2}");
        }

        var text = message[1..^2];
        if (!text.EndsWith(EndLine) || text[..^EndLine.Length].Contains(BlockCheckCharacter.Etx))
        {
            return DataMessageResult.Rejected(Iec62056RejectReason.MissingEndLine, "the data block must end with the line \"!\" CR LF");
        }

        var block = text[..^EndLine.Length];
        var sets = new List<ObisDataSet>();
        var lineNumber = 0;
        while (!block.IsEmpty)
        {
            lineNumber++;
            var end = block.IndexOf("\r\n"u8);
            if (end < 0)
            {
                return DataMessageResult.Rejected(Iec62056RejectReason.MalformedLine, $"line {lineNumber}: missing CR LF");
            }

            if (!ObisDataSetParser.TryParseLine(block[..end], sets, out var error))
            {
                return DataMessageResult.Rejected(Iec62056RejectReason.MalformedLine, $"line {lineNumber}, {error}");
            }

            block = block[(end + 2)..];
        }

        return DataMessageResult.Accepted(sets);
    }
}

/// <summary>The data sets of a checked data message, or why there are none.</summary>
public sealed record DataMessageResult
{
    private DataMessageResult(Iec62056RejectReason reject, string? detail, IReadOnlyList<ObisDataSet> dataSets)
    {
        Reject = reject;
        Detail = detail;
        DataSets = dataSets;
    }

    public Iec62056RejectReason Reject { get; }

    /// <summary>What exactly was wrong and where (line, column), for logs.</summary>
    public string? Detail { get; }

    public IReadOnlyList<ObisDataSet> DataSets { get; }

    public bool IsAccepted => Reject == Iec62056RejectReason.None;

    internal static DataMessageResult Accepted(IReadOnlyList<ObisDataSet> sets) => new(Iec62056RejectReason.None, null, sets);

    internal static DataMessageResult Rejected(Iec62056RejectReason reason, string detail) => new(reason, detail, []);

    public override string ToString() => IsAccepted ? $"{DataSets.Count} data sets" : $"{Reject}: {Detail}";
}
