using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Modbus;

/// <summary>
/// A Modbus RTU master (client) on one RS-485 line. One transaction at a time: wait for the line to be quiet, send the
/// request, collect the answer until t3.5 of silence, then check it. Time comes from the injected
/// <see cref="TimeProvider"/>; the line's reads return 0 on a short poll so deadlines are checked between polls.
/// Every failed transaction is counted by reason in <see cref="Rejects"/> and returns no registers.
/// </summary>
public sealed class ModbusRtuMaster
{
    private readonly IModbusRtuLine _line;
    private readonly ModbusRtuMasterOptions _options;
    private readonly TimeProvider _time;
    private readonly byte[] _frame = new byte[ReadInputRegisters.MaxFrameLength];
    private readonly byte[] _overflow = new byte[64];
    private DateTimeOffset _lastActivity;
    private long _strayBytes;

    public ModbusRtuMaster(IModbusRtuLine line, ModbusRtuMasterOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _line = line;
        _options = options;
        _time = time;
        // Unknown line history: the first request waits for a full quiet interval too.
        _lastActivity = time.GetUtcNow();
    }

    public RejectTally<ModbusRejectReason> Rejects { get; } = new();

    /// <summary>Bytes that arrived while no answer was expected (late answers, noise); discarded.</summary>
    public long StrayBytes => Interlocked.Read(ref _strayBytes);

    /// <summary>Function 0x04 on <paramref name="slaveAddress"/>; never throws for a bad or missing answer.</summary>
    public async ValueTask<ModbusResponse> ReadInputRegistersAsync(byte slaveAddress, ushort startAddress, ushort quantity, CancellationToken cancellationToken)
    {
        var request = ReadInputRegisters.EncodeRequest(slaveAddress, startAddress, quantity);
        await AwaitQuietLineAsync(cancellationToken).ConfigureAwait(false);
        await _line.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        _lastActivity = _time.GetUtcNow();

        var (length, framing) = await ReceiveFrameAsync(cancellationToken).ConfigureAwait(false);
        var response = framing == ModbusRejectReason.None
            ? ReadInputRegisters.DecodeResponse(_frame.AsSpan(0, length), slaveAddress, quantity)
            : ModbusResponse.Rejected(framing);
        if (!response.IsSuccess)
        {
            Rejects.Add(response.Reject);
        }

        return response;
    }

    /// <summary>Counts a reject found above the frame layer (e.g. a NaN register), so all reasons live in one tally.</summary>
    internal void CountReject(ModbusRejectReason reason) => Rejects.Add(reason);

    private async ValueTask AwaitQuietLineAsync(CancellationToken cancellationToken)
    {
        while (_time.GetUtcNow() - _lastActivity < _options.InterRequestSilence)
        {
            var read = await _line.ReadAsync(_overflow, cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                Interlocked.Add(ref _strayBytes, read);
                _lastActivity = _time.GetUtcNow();
            }
        }
    }

    /// <summary>
    /// Collects one frame: waits up to the response timeout for the first byte, then ends the frame at t3.5 of silence.
    /// Bytes after a gap longer than t1.5 mark the frame incomplete (serial line V1.02 §2.5.1.1); bytes beyond the
    /// largest RTU frame make it too long. Either way the whole frame is collected so the next request starts clean.
    /// </summary>
    private async ValueTask<(int Length, ModbusRejectReason Framing)> ReceiveFrameAsync(CancellationToken cancellationToken)
    {
        var sentAt = _lastActivity;
        var length = 0;
        var overflowed = false;
        var split = false;
        DateTimeOffset? lastByte = null;
        while (true)
        {
            var target = length < _frame.Length ? _frame.AsMemory(length) : _overflow;
            var read = await _line.ReadAsync(target, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (read > 0)
            {
                split |= lastByte is { } previous && now - previous > _options.Timing.InterCharacterTimeout;
                overflowed |= length == _frame.Length;
                length = Math.Min(length + read, _frame.Length);
                lastByte = now;
                _lastActivity = now;
                continue;
            }

            if (lastByte is null)
            {
                if (now - sentAt >= _options.ResponseTimeout)
                {
                    return (0, ModbusRejectReason.ResponseTimeout);
                }
            }
            else if (now - lastByte.Value >= _options.Timing.InterFrameSilence)
            {
                break;
            }
        }

        var framing = overflowed ? ModbusRejectReason.LongFrame
            : split ? ModbusRejectReason.InterCharacterTimeout
            : ModbusRejectReason.None;
        return (length, framing);
    }
}
