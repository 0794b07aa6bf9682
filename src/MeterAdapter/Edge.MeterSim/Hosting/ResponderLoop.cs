namespace Edge.MeterSim.Hosting;

/// <summary>
/// Plays a request/response meter (IEC 62056-21, Modbus slave) on a byte stream, typically a pseudo-terminal master:
/// every chunk read goes to the meter, whatever it answers is written back. Ends when the stream ends or fails — a pty
/// master reads EIO once no slave descriptor is open, which is how the loop learns the gateway side went away.
/// </summary>
public sealed class ResponderLoop
{
    private readonly Stream _wire;
    private readonly Func<ReadOnlyMemory<byte>, MeterReply> _meter;
    private readonly TimeProvider _time;
    private long _bytesIn;
    private long _bytesOut;

    public ResponderLoop(Stream wire, Func<ReadOnlyMemory<byte>, MeterReply> meter, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(wire);
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(time);
        _wire = wire;
        _meter = meter;
        _time = time;
    }

    public long BytesIn => Interlocked.Read(ref _bytesIn);

    public long BytesOut => Interlocked.Read(ref _bytesOut);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[1024];
        while (!cancellationToken.IsCancellationRequested)
        {
            int read;
            try
            {
                read = await _wire.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                return;
            }

            if (read == 0)
            {
                return;
            }

            Interlocked.Add(ref _bytesIn, read);
            (byte[] reply, TimeSpan delay) = _meter(buffer.AsMemory(0, read));
            if (reply.Length > 0)
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }

                await _wire.WriteAsync(reply, cancellationToken).ConfigureAwait(false);
                await _wire.FlushAsync(cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _bytesOut, reply.Length);
            }
        }
    }
}

/// <summary>What a meter sends back and how long it waits first (its reaction time).</summary>
public readonly record struct MeterReply(byte[] Bytes, TimeSpan Delay)
{
    public static MeterReply Immediate(byte[] bytes) => new(bytes, TimeSpan.Zero);
}
