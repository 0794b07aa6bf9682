using Edge.MeterAdapter.Iec62056;
using Edge.MeterAdapter.Modbus;

namespace Edge.MeterAdapter.Transport;

/// <summary>
/// A serial connection that survives stale ports. A device can go quiet without any error (on Linux System.IO.Ports kept
/// IsOpen true on an unplugged USB adapter while reads returned nothing, dotnet/runtime#121627; a meter can simply stop
/// sending), so the transport does not trust an open port: when no byte arrives for <see cref="SerialTransportOptions.SilenceWindow"/> it closes the port and reopens it, first at once,
/// then with a doubling, capped backoff while open attempts fail or the reopened line stays silent. The backoff resets when
/// bytes arrive. A read that fails (the device hung up) closes the port the same way. Framing changes (IEC 62056-21 baud
/// switch, DSMR 8N1/7E1 detection) are also close-and-reopen, so framing is only ever set when a port opens.
/// </summary>
/// <remarks>One thread reads (and writes, for request/response protocols); <see cref="Status"/> may be read from any thread.</remarks>
public sealed class SerialTransport : IIec62056Line, IModbusRtuLine, IDisposable
{
    private readonly ISerialDevice _device;
    private readonly SerialTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _statusLock = new();

    private ISerialLink? _link;
    private SerialSettings _settings;
    private SerialTransportState _state = SerialTransportState.Closed;
    private DateTimeOffset _lastDataAt;
    private DateTimeOffset? _lastDataSeen;
    private DateTimeOffset _nextAttemptAt = DateTimeOffset.MinValue;
    private int _failuresSinceData;
    private int _lossesSinceData;
    private long _bytesReceived;
    private long _opens;
    private long _openFailures;
    private long _silenceDetections;
    private long _readErrors;
    private bool _disposed;

    public SerialTransport(ISerialDevice device, SerialSettings settings, SerialTransportOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _device = device;
        _settings = settings;
        _options = options;
        _time = time;
    }

    /// <summary>Raised on the reading thread at every state transition. Keep handlers short.</summary>
    public event Action<SerialTransportStateChange>? StateChanged;

    public SerialSettings Settings
    {
        get
        {
            lock (_statusLock)
            {
                return _settings;
            }
        }
    }

    public SerialTransportStatus Status
    {
        get
        {
            lock (_statusLock)
            {
                return new SerialTransportStatus(
                    _device.Name, _settings, _state, _bytesReceived, _opens, _openFailures, _silenceDetections, _readErrors, _lastDataSeen);
            }
        }
    }

    /// <summary>
    /// Reads what is available, opening or reopening the port as needed. Returns the number of bytes copied, or 0 when the
    /// poll interval passed without data (so the caller can check cancellation). Blocks for up to one poll interval: call
    /// it from a dedicated reading loop, not from a latency-sensitive thread.
    /// </summary>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ISerialLink link = await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        return ReadFrom(link, buffer.Span);
    }

    /// <summary>
    /// <see cref="ReadAsync"/> for a reading loop on a thread of its own (<see cref="ReadingThread"/>): the blocking read
    /// and any reopen backoff are waited out on the calling thread, so no thread-pool worker is held.
    /// </summary>
    public int Read(Span<byte> buffer, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return ReadFrom(EnsureOpen(cancellationToken), buffer);
    }

    private int ReadFrom(ISerialLink link, Span<byte> buffer)
    {
        int read;
        try
        {
            read = link.Read(buffer);
        }
        catch (IOException ex)
        {
            lock (_statusLock)
            {
                _readErrors++;
                ScheduleReopenAfterLoss(_time.GetUtcNow());
            }

            CloseLink($"read failed: {ex.Message}");
            return 0;
        }

        DateTimeOffset now = _time.GetUtcNow();
        if (read > 0)
        {
            lock (_statusLock)
            {
                _bytesReceived += read;
                _lastDataAt = now;
                _lastDataSeen = now;
                _failuresSinceData = 0;
                _lossesSinceData = 0;
            }

            return read;
        }

        TimeSpan quiet = now - _lastDataAt;
        if (quiet >= _options.SilenceWindow)
        {
            lock (_statusLock)
            {
                _silenceDetections++;
                ScheduleReopenAfterLoss(now);
            }

            SetState(SerialTransportState.Silent, $"no byte for {quiet}");
            CloseLink("stale port closed after silence");
        }

        return 0;
    }

    /// <summary>Writes a request (IEC sign-on, Modbus query), opening the port first if needed.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ISerialLink link = await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        link.Write(data.Span);
    }

    /// <summary><see cref="WriteAsync"/> for a reading thread: any reopen backoff is waited out on the calling thread.</summary>
    public void Write(ReadOnlySpan<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EnsureOpen(cancellationToken).Write(data);
    }

    /// <summary>Waits until written bytes have left the UART, e.g. the IEC ACK before the baud switch.</summary>
    public void Drain() => _link?.Drain();

    /// <summary>Applies new framing by closing the port; the next read or write reopens with it.</summary>
    public void Reconfigure(SerialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_statusLock)
        {
            _settings = settings;
        }

        CloseLink($"reconfigured to {settings}");
    }

    /// <summary>IEC 62056-21 mode C: after the ACK option select at 300 baud, continue at the baud rate the meter offered.</summary>
    public void SwitchBaudRate(int baudRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baudRate, 0);
        Drain();
        Reconfigure(Settings.WithBaudRate(baudRate));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _link?.Dispose();
        _link = null;
        SetState(SerialTransportState.Closed, "disposed");
    }

    private ISerialLink EnsureOpen(CancellationToken cancellationToken)
    {
        ValueTask<ISerialLink> opening = EnsureOpenAsync(cancellationToken);
        // Opening only awaits backoff delays, never a blocking read, so waiting for it here blocks nobody else.
        return opening.IsCompletedSuccessfully ? opening.Result : opening.AsTask().GetAwaiter().GetResult();
    }

    private async ValueTask<ISerialLink> EnsureOpenAsync(CancellationToken cancellationToken)
    {
        while (_link is null)
        {
            // The deadline is absolute, so a late wake-up never stretches the backoff.
            TimeSpan remaining;
            while ((remaining = NextAttemptAt() - _time.GetUtcNow()) > TimeSpan.Zero)
            {
                await Task.Delay(remaining, _time, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            DateTimeOffset attemptAt = _time.GetUtcNow();
            if (!_device.IsPresent())
            {
                RecordOpenFailure(attemptAt, SerialTransportState.DeviceMissing, $"{_device.Name} does not exist");
                continue;
            }

            SerialSettings settings = Settings;
            try
            {
                _link = _device.Open(settings);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                RecordOpenFailure(attemptAt, SerialTransportState.Reopening, $"open {_device.Name} at {settings} failed: {ex.Message}");
                continue;
            }

            lock (_statusLock)
            {
                _opens++;
                _lastDataAt = attemptAt;
            }

            SetState(SerialTransportState.Connected, $"opened {_device.Name} at {settings}");
        }

        return _link;
    }

    private DateTimeOffset NextAttemptAt()
    {
        lock (_statusLock)
        {
            return _nextAttemptAt;
        }
    }

    /// <summary>Zero while no attempt has failed since the last data, then InitialBackoff doubling up to MaxBackoff.</summary>
    private TimeSpan Backoff(int failures)
    {
        if (failures == 0)
        {
            return TimeSpan.Zero;
        }

        int doublings = Math.Min(failures - 1, 30);
        double ticks = _options.InitialBackoff.Ticks * Math.Pow(2, doublings);
        return ticks >= _options.MaxBackoff.Ticks ? _options.MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// A silent or failed port was given up: the first loss after data reopens at once; a reopened port that is lost
    /// again before any byte arrives counts as a failed attempt and backs off (so a device that opens but hangs up at
    /// once is not reopened in a tight loop). Call under the status lock.
    /// </summary>
    private void ScheduleReopenAfterLoss(DateTimeOffset now)
    {
        if (_lossesSinceData++ > 0)
        {
            _failuresSinceData++;
        }

        _nextAttemptAt = now + Backoff(_failuresSinceData);
    }

    private void RecordOpenFailure(DateTimeOffset attemptAt, SerialTransportState state, string reason)
    {
        lock (_statusLock)
        {
            _openFailures++;
            _failuresSinceData++;
            _nextAttemptAt = attemptAt + Backoff(_failuresSinceData);
        }

        SetState(state, reason);
    }

    private void CloseLink(string reason)
    {
        ISerialLink? link = _link;
        _link = null;
        link?.Dispose();
        SetState(SerialTransportState.Reopening, reason);
    }

    private void SetState(SerialTransportState next, string reason)
    {
        SerialTransportState previous;
        lock (_statusLock)
        {
            previous = _state;
            _state = next;
        }

        if (previous != next)
        {
            StateChanged?.Invoke(new SerialTransportStateChange(previous, next, reason, _time.GetUtcNow()));
        }
    }
}
