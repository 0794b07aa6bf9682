using Edge.MeterAdapter.Iec62056;
using Edge.MeterAdapter.Modbus;

namespace Edge.MeterAdapter.Transport;

/// <summary>
/// A <see cref="SerialTransport"/> as the line of a polled reader (IEC 62056-21, Modbus RTU) that runs on a
/// <see cref="ReadingThread"/>. Every call does its work on the calling thread, reopen backoff included, and returns a
/// completed task, so a readout awaited there never continues on a thread-pool worker: the transport's own async
/// reopen would resume the rest of the readout, blocking reads and all, on the timer's pool thread. Each read also
/// checks for cancellation, so a readout stops within one link poll interval instead of running to its timeout.
/// </summary>
public sealed class BlockingSerialLine(SerialTransport transport) : IIec62056Line, IModbusRtuLine
{
    private readonly SerialTransport _transport = transport ?? throw new ArgumentNullException(nameof(transport));

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        return cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<int>(cancellationToken)
            : ValueTask.FromResult(_transport.Read(buffer.Span, cancellationToken));
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        _transport.Write(data.Span, cancellationToken);
        return ValueTask.CompletedTask;
    }

    public void SwitchBaudRate(int baudRate) => _transport.SwitchBaudRate(baudRate);
}
