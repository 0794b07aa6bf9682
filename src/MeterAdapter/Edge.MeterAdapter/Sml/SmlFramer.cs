using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Sml;

/// <summary>
/// Cuts a pushed SML byte stream (a meter's optical port sends a file every 1-4 s) into complete files: from the start
/// sequence <c>1B1B1B1B 01010101</c> to the end sequence <c>1B1B1B1B 1A p c1 c2</c>, stepping in 4-byte groups so a
/// doubled escape inside the payload is not taken for the end. Noise before a start is skipped; a file that exceeds
/// <see cref="MaxFileLength"/> is dropped and counted. The files still need <see cref="SmlDecoder"/> (CRC, messages).
/// </summary>
public sealed class SmlFramer
{
    /// <summary>Larger than any meter's file (a few hundred bytes); bounds memory on a noisy line.</summary>
    public const int MaxFileLength = 8 * 1024;

    private static readonly byte[] Start = [0x1B, 0x1B, 0x1B, 0x1B, 0x01, 0x01, 0x01, 0x01];
    private static readonly byte[] Escape = [0x1B, 0x1B, 0x1B, 0x1B];

    private readonly List<byte> _buffer = [];

    public RejectTally<SmlRejectReason> Rejects { get; } = new();

    /// <summary>Adds received bytes and returns every file completed by them.</summary>
    public IReadOnlyList<byte[]> Push(ReadOnlySpan<byte> bytes)
    {
        _buffer.AddRange(bytes);
        var files = new List<byte[]>();
        while (TryTakeFile(out var file))
        {
            if (file is not null)
            {
                files.Add(file);
            }
        }

        return files;
    }

    /// <summary>False when more bytes are needed; true with a file, or true with null after dropping a bad start.</summary>
    private bool TryTakeFile(out byte[]? file)
    {
        file = null;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buffer);
        var start = span.IndexOf(Start);
        if (start < 0)
        {
            // Keep a possible partial start sequence at the end.
            _buffer.RemoveRange(0, Math.Max(0, _buffer.Count - (Start.Length - 1)));
            return false;
        }

        _buffer.RemoveRange(0, start);
        span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buffer);
        for (var i = Start.Length; i + 8 <= span.Length; i += 4)
        {
            if (i + 8 > MaxFileLength)
            {
                Rejects.Add(SmlRejectReason.FileTooLong);
                _buffer.RemoveRange(0, Start.Length);
                return true;
            }

            if (!span.Slice(i, 4).SequenceEqual(Escape))
            {
                continue;
            }

            var next = span.Slice(i + 4, 4);
            if (next.SequenceEqual(Escape))
            {
                i += 4;
            }
            else if (next[0] == 0x1A)
            {
                file = span[..(i + 8)].ToArray();
                _buffer.RemoveRange(0, i + 8);
                return true;
            }
            else
            {
                // A new start (or an undefined escape) before the end: the file so far is incomplete.
                Rejects.Add(SmlRejectReason.MalformedFrame);
                _buffer.RemoveRange(0, i);
                return true;
            }
        }

        if (span.Length > MaxFileLength)
        {
            Rejects.Add(SmlRejectReason.FileTooLong);
            _buffer.RemoveRange(0, Start.Length);
            return true;
        }

        return false;
    }
}
