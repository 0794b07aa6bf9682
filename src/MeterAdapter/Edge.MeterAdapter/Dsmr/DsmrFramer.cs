namespace Edge.MeterAdapter.Dsmr;

/// <summary>
/// Finds telegrams in a P1 byte stream delivered in arbitrary chunks: '/' ... '!' + 0-4 hex CRC digits + CR LF
/// (DSMR P1 Companion Standard v5.0.2 §6.2). A new '/' always starts a new telegram, so the framer resynchronises
/// after garbage or lost bytes ("P1 devices must be able to handle partial messages", DSMR 4.2.2 §4.4).
/// Does not check the CRC; <see cref="DsmrDecoder"/> does.
/// </summary>
public sealed class DsmrFramer
{
    /// <summary>Generous: real telegrams are 0.4-1.5 KB, Belgian ones with demand history up to ~2 KB.</summary>
    public const int DefaultMaxFrameLength = 8192;

    private readonly byte[] _buffer;
    private readonly DsmrCounters _counters;
    private readonly bool _maskParityBit;
    private State _state = State.Idle;
    private int _length;
    private int _bang;
    private int _crcDigits;
    private int _crc;
    private bool _inGarbage;

    /// <param name="counters">Where rejects are counted.</param>
    /// <param name="maxFrameLength">Longest telegram accepted; longer ones are rejected as <see cref="DsmrRejectReason.Oversize"/>.</param>
    /// <param name="maskParityBit">
    /// Clear bit 7 of every byte: 7E1 data read by a port set to 8N1 arrives with its parity bit in bit 7 (same
    /// 10-bit character), and DSMR text is 7-bit ASCII, so masking recovers it.
    /// </param>
    public DsmrFramer(DsmrCounters counters, int maxFrameLength = DefaultMaxFrameLength, bool maskParityBit = false)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, 16);
        _counters = counters;
        _buffer = new byte[maxFrameLength];
        _maskParityBit = maskParityBit;
    }

    private enum State
    {
        Idle,
        Body,
        Crc,
        LineFeed,

        /// <summary>After an oversize or malformed telegram: skip until the next '/'.</summary>
        Skipping,
    }

    /// <summary>True while a telegram has started but not ended.</summary>
    public bool InTelegram => _state is State.Body or State.Crc or State.LineFeed;

    /// <summary>Consumes <paramref name="chunk"/> and appends every complete telegram to <paramref name="frames"/>.</summary>
    public void Feed(ReadOnlySpan<byte> chunk, ICollection<DsmrFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (_maskParityBit)
        {
            Span<byte> masked = stackalloc byte[256];
            while (!chunk.IsEmpty)
            {
                var n = Math.Min(chunk.Length, masked.Length);
                for (var i = 0; i < n; i++)
                {
                    masked[i] = (byte)(chunk[i] & 0x7F);
                }

                FeedCore(masked[..n], frames);
                chunk = chunk[n..];
            }
        }
        else
        {
            FeedCore(chunk, frames);
        }
    }

    /// <summary>
    /// Tells the framer the line went quiet (the caller's read timed out): a telegram in progress can no longer
    /// complete and is rejected as <see cref="DsmrRejectReason.Truncated"/>.
    /// </summary>
    public void EndOfData()
    {
        if (InTelegram)
        {
            Reject(DsmrRejectReason.Truncated, "line went quiet before the telegram ended");
        }

        _state = State.Idle;
        _inGarbage = false;
    }

    private void FeedCore(ReadOnlySpan<byte> chunk, ICollection<DsmrFrame> frames)
    {
        while (!chunk.IsEmpty)
        {
            switch (_state)
            {
                case State.Idle:
                case State.Skipping:
                {
                    var start = chunk.IndexOf((byte)'/');
                    var skipped = start < 0 ? chunk : chunk[..start];
                    if (_state == State.Idle)
                    {
                        CountGarbage(skipped);
                    }
                    else
                    {
                        _counters.Discard(skipped.Length);
                    }

                    if (start < 0)
                    {
                        return;
                    }

                    Begin();
                    chunk = chunk[(start + 1)..];
                    break;
                }

                case State.Body:
                {
                    var stop = chunk.IndexOfAny((byte)'/', (byte)'!');
                    var take = stop < 0 ? chunk.Length : stop;
                    if (!Append(chunk[..take]))
                    {
                        chunk = chunk[take..];
                        break;
                    }

                    chunk = chunk[take..];
                    if (stop < 0)
                    {
                        return;
                    }

                    if (chunk[0] == (byte)'/')
                    {
                        Reject(DsmrRejectReason.Truncated, $"new '/' after {_length} bytes, before '!'");
                        Begin();
                    }
                    else
                    {
                        if (!Append(chunk[..1]))
                        {
                            chunk = chunk[1..];
                            break;
                        }

                        _bang = _length - 1;
                        _crcDigits = 0;
                        _crc = 0;
                        _state = State.Crc;
                    }

                    chunk = chunk[1..];
                    break;
                }

                case State.Crc:
                case State.LineFeed:
                    chunk = FeedTrailer(chunk, frames);
                    break;
            }
        }
    }

    /// <summary>Handles bytes after '!': up to four hex digits, an optional NUL, CR, LF.</summary>
    private ReadOnlySpan<byte> FeedTrailer(ReadOnlySpan<byte> chunk, ICollection<DsmrFrame> frames)
    {
        var b = chunk[0];
        if (b == (byte)'/')
        {
            Reject(DsmrRejectReason.Truncated, "new '/' before the CR LF that ends the telegram");
            Begin();
            return chunk[1..];
        }

        if (_state == State.Crc)
        {
            var digit = HexValue(b);
            if (digit >= 0 && _crcDigits < 4)
            {
                _crc = (_crc << 4) | digit;
                _crcDigits++;
                Append(chunk[..1]);
                return chunk[1..];
            }

            if (b == 0)
            {
                // Some meters send NUL before CR LF; it is not part of the telegram.
                return chunk[1..];
            }

            if (b == (byte)'\r')
            {
                _state = State.LineFeed;
                Append(chunk[..1]);
                return chunk[1..];
            }

            Reject(DsmrRejectReason.MalformedLine, $"byte 0x{b:X2} after '!' is not a CRC hex digit or CR");
            _state = State.Skipping;
            return chunk[1..];
        }

        if (b != (byte)'\n')
        {
            Reject(DsmrRejectReason.MalformedLine, $"byte 0x{b:X2} after '!...' CR is not LF");
            _state = State.Skipping;
            return chunk[1..];
        }

        if (Append(chunk[..1]))
        {
            frames.Add(new DsmrFrame(_buffer.AsSpan(0, _length).ToArray(), _bang, _crcDigits, (ushort)_crc));
            _state = State.Idle;
            _inGarbage = false;
        }

        return chunk[1..];
    }

    private void Begin()
    {
        _buffer[0] = (byte)'/';
        _length = 1;
        _state = State.Body;
        _inGarbage = false;
    }

    /// <summary>Appends to the telegram; on overflow rejects it as oversize, switches to skipping and returns false.</summary>
    private bool Append(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _buffer.Length)
        {
            _counters.Discard(bytes.Length);
            Reject(DsmrRejectReason.Oversize, $"no end within {_buffer.Length} bytes");
            _state = State.Skipping;
            return false;
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
        return true;
    }

    private void Reject(DsmrRejectReason reason, string detail)
    {
        _counters.Reject(reason, _length, detail);
        _length = 0;
    }

    /// <summary>Bytes outside telegrams. CR, LF and NUL between telegrams are line noise of the format itself, not garbage.</summary>
    private void CountGarbage(ReadOnlySpan<byte> skipped)
    {
        if (skipped.IsEmpty)
        {
            return;
        }

        _counters.Discard(skipped.Length);
        if (!_inGarbage && skipped.ContainsAnyExcept((byte)'\r', (byte)'\n', (byte)0))
        {
            _counters.Reject(DsmrRejectReason.Garbage, 0, $"{skipped.Length} bytes outside a telegram");
            _inGarbage = true;
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => -1,
    };
}
