using System.Buffers;
using System.Text;

namespace Edge.Trainer.Data;

/// <summary>
/// Streams RFC 4180 fields from UTF-8 bytes with one pooled buffer: comma separated, optional double quotes with ""
/// escapes and embedded line breaks, LF or CRLF record ends, a UTF-8 byte-order mark skipped. A returned field is a
/// view into the buffer, valid until the next call, so a 170 MB file is read without a string per cell.
/// </summary>
internal sealed class CsvTokenizer : IDisposable
{
    private static readonly SearchValues<byte> FieldEnds = SearchValues.Create(","u8 + "\r\n"u8);

    private readonly Stream _stream;
    private readonly string _path;
    private byte[] _buffer;
    private byte[] _unescaped = [];
    private int _pos;
    private int _end;
    private bool _eof;
    private bool _skipLineFeed;
    private bool _afterComma;

    public CsvTokenizer(Stream stream, string path, int bufferSize = 1 << 20)
    {
        _stream = stream;
        _path = path;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        // The byte-order mark is three bytes; a stream may deliver fewer per read.
        while (_end < 3 && !_eof)
        {
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            _eof = n == 0;
            _end += n;
        }

        if (_buffer.AsSpan(0, _end).StartsWith("\uFEFF"u8))
        {
            _pos = 3;
        }
    }

    /// <summary>Physical line (1-based) on which the last returned field started.</summary>
    public long FieldLine { get; private set; } = 1;

    /// <summary>Column (1-based) of the last returned field within its record.</summary>
    public int FieldColumn { get; private set; }

    private long _line = 1;
    private bool _recordStart = true;

    /// <summary>Reads the next field; false at end of input. <paramref name="recordEnd"/> marks the record's last field.</summary>
    public bool TryReadField(out ReadOnlySpan<byte> field, out bool recordEnd)
    {
        if (_skipLineFeed)
        {
            _skipLineFeed = false;
            if (_pos < _end || Fill())
            {
                if (_buffer[_pos] == (byte)'\n')
                {
                    _pos++;
                }
            }
        }

        if (_pos == _end && !Fill())
        {
            field = default;
            recordEnd = true;
            if (_afterComma)
            {
                // "a,b," at end of file: the record's last field is empty.
                _afterComma = false;
                NextField();
                return true;
            }

            return false;
        }

        NextField();
        return _buffer[_pos] == (byte)'"' ? ReadQuoted(out field, out recordEnd) : ReadPlain(out field, out recordEnd);
    }

    private void NextField()
    {
        if (_recordStart)
        {
            FieldColumn = 0;
            _recordStart = false;
        }

        FieldColumn++;
        FieldLine = _line;
    }

    private bool ReadPlain(out ReadOnlySpan<byte> field, out bool recordEnd)
    {
        var scanned = 0;
        while (true)
        {
            var i = IndexOfFieldEnd(_buffer.AsSpan(_pos + scanned, _end - _pos - scanned));
            if (i >= 0)
            {
                var stop = _pos + scanned + i;
                field = _buffer.AsSpan(_pos, stop - _pos);
                recordEnd = Terminate(stop);
                return true;
            }

            scanned = _end - _pos;
            if (!MakeRoomAndFill())
            {
                field = _buffer.AsSpan(_pos, _end - _pos);
                _pos = _end;
                recordEnd = EndRecordAtEof();
                return true;
            }
        }
    }

    /// <summary>
    /// Most cells are a few digits, too short for a vectorised search to pay off; a byte loop looks at the short
    /// field first and hands long ones to SearchValues. Digits, '.', '-' and letters all sort above ',' (0x2C).
    /// </summary>
    private static int IndexOfFieldEnd(ReadOnlySpan<byte> span)
    {
        var n = Math.Min(span.Length, 16);
        for (var i = 0; i < n; i++)
        {
            var b = span[i];
            if (b <= (byte)',' && (b == (byte)',' || b == (byte)'\n' || b == (byte)'\r'))
            {
                return i;
            }
        }

        if (n == span.Length)
        {
            return -1;
        }

        var rest = span[n..].IndexOfAny(FieldEnds);
        return rest < 0 ? -1 : n + rest;
    }

    private bool ReadQuoted(out ReadOnlySpan<byte> field, out bool recordEnd)
    {
        // _buffer[_pos] is the opening quote.
        var scanned = 1;
        var escapes = false;
        while (true)
        {
            var i = _buffer.AsSpan(_pos + scanned, _end - _pos - scanned).IndexOf((byte)'"');
            if (i >= 0)
            {
                var quote = _pos + scanned + i;
                if (quote + 1 == _end && !_eof)
                {
                    // Cannot tell "" from a closing quote yet.
                    scanned = quote - _pos;
                    MakeRoomAndFill();
                    continue;
                }

                if (quote + 1 < _end && _buffer[quote + 1] == (byte)'"')
                {
                    escapes = true;
                    scanned = quote + 2 - _pos;
                    continue;
                }

                var content = _buffer.AsSpan(_pos + 1, quote - _pos - 1);
                _line += content.Count((byte)'\n');
                field = escapes ? Unescape(content) : content;
                var after = quote + 1;
                if (after == _end)
                {
                    _pos = _end;
                    recordEnd = EndRecordAtEof();
                    return true;
                }

                var next = _buffer[after];
                if (next is not ((byte)',' or (byte)'\r' or (byte)'\n'))
                {
                    throw Error($"unexpected character '{(char)next}' after the closing quote of a quoted field");
                }

                recordEnd = Terminate(after);
                return true;
            }

            scanned = _end - _pos;
            if (!MakeRoomAndFill())
            {
                throw Error("quoted field is not closed before the end of the file");
            }
        }
    }

    /// <summary>Consumes the delimiter at <paramref name="stop"/>; true when it ends the record.</summary>
    private bool Terminate(int stop)
    {
        var c = _buffer[stop];
        _pos = stop + 1;
        if (c == (byte)',')
        {
            _afterComma = true;
            return false;
        }

        _afterComma = false;
        _recordStart = true;
        _line++;
        if (c == (byte)'\r')
        {
            if (_pos < _end)
            {
                if (_buffer[_pos] == (byte)'\n')
                {
                    _pos++;
                }
            }
            else
            {
                _skipLineFeed = true;
            }
        }

        return true;
    }

    private bool EndRecordAtEof()
    {
        _afterComma = false;
        _recordStart = true;
        return true;
    }

    private ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> content)
    {
        if (_unescaped.Length < content.Length)
        {
            _unescaped = new byte[content.Length];
        }

        var n = 0;
        for (var i = 0; i < content.Length; i++)
        {
            _unescaped[n++] = content[i];
            if (content[i] == (byte)'"')
            {
                i++;
            }
        }

        return _unescaped.AsSpan(0, n);
    }

    /// <summary>Moves the unread tail to the front (growing the buffer when one field fills it) and reads more.</summary>
    private bool MakeRoomAndFill()
    {
        if (_eof)
        {
            return false;
        }

        if (_pos > 0)
        {
            _buffer.AsSpan(_pos, _end - _pos).CopyTo(_buffer);
            _end -= _pos;
            _pos = 0;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return Fill();
    }

    private bool Fill()
    {
        if (_pos == _end)
        {
            _pos = 0;
            _end = 0;
        }

        while (!_eof && _end < _buffer.Length)
        {
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _eof = true;
                break;
            }

            _end += n;
            if (_end - _pos > 0)
            {
                break;
            }
        }

        return _end > _pos;
    }

    private DataFileException Error(string reason) => new(_path, FieldLine, FieldColumn, reason);

    public static string Text(ReadOnlySpan<byte> field) => Encoding.UTF8.GetString(field);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
