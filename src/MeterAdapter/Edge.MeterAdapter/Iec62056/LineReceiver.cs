namespace Edge.MeterAdapter.Iec62056;

/// <summary>
/// Byte-at-a-time reading over a polled line with deadlines on a <see cref="TimeProvider"/>. Bytes read past the end of
/// one message stay buffered for the next (in modes A and B the data message follows the identification directly).
/// </summary>
internal sealed class LineReceiver(IIec62056Line line, TimeProvider time)
{
    private readonly byte[] _buffer = new byte[256];
    private int _start;
    private int _end;

    /// <summary>The next byte, or -1 when none arrives within <paramref name="timeout"/> from now.</summary>
    public async ValueTask<int> ReadByteAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            var deadline = time.GetUtcNow() + timeout;
            _start = _end = 0;
            while (_end == 0)
            {
                _end = await line.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                if (_end == 0 && time.GetUtcNow() >= deadline)
                {
                    return -1;
                }
            }
        }

        return _buffer[_start++];
    }

    /// <summary>Reads and drops everything for <paramref name="duration"/> (e.g. the head's echo of the acknowledgement).</summary>
    public async ValueTask DiscardForAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + duration;
        _start = _end = 0;
        while (time.GetUtcNow() < until)
        {
            await line.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets buffered bytes, e.g. before a new sign-on.</summary>
    public void Clear() => _start = _end = 0;
}
