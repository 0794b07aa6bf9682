using System.Threading.Channels;
using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Transport;

/// <summary>
/// One P1 port end to end: bytes from a <see cref="SerialTransport"/> go through the DSMR decoder (framer, CRC check,
/// parser) and every good telegram becomes a <see cref="MeterReading"/> stamped with the gateway's receive time.
/// Readings are offered on a bounded channel; when the consumer falls behind the loop waits, and the serial driver's
/// buffer absorbs the backlog (and eventually overruns, which shows up as rejected telegrams, not as silent loss).
/// </summary>
public sealed class DsmrMeterReader
{
    private readonly SerialTransport _transport;
    private readonly DsmrDecoder _decoder;
    private readonly TimeProvider _time;
    private readonly DsmrMeterReaderOptions _options;
    private readonly Channel<MeterReading> _readings;
    private long _bytesProcessed;
    private long _readingsProduced;

    public DsmrMeterReader(SerialTransport transport, DsmrOptions dsmrOptions, TimeProvider time, DsmrMeterReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(dsmrOptions);
        ArgumentNullException.ThrowIfNull(time);
        _transport = transport;
        _decoder = new DsmrDecoder(dsmrOptions);
        _time = time;
        _options = options ?? new DsmrMeterReaderOptions();
        _readings = Channel.CreateBounded<MeterReading>(new BoundedChannelOptions(_options.ReadingBufferCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Good readings, in arrival order. Completed when <see cref="RunAsync"/> ends.</summary>
    public ChannelReader<MeterReading> Readings => _readings.Reader;

    /// <summary>Accepted telegrams and rejects by reason (bad CRC, truncated, garbage, ...).</summary>
    public DsmrCounters Counters => _decoder.Counters;

    public SerialTransportStatus TransportStatus => _transport.Status;

    /// <summary>Bytes fed to the decoder so far (all of them, including garbage).</summary>
    public long BytesProcessed => Interlocked.Read(ref _bytesProcessed);

    public long ReadingsProduced => Interlocked.Read(ref _readingsProduced);

    public IAsyncEnumerable<MeterReading> ReadAllAsync(CancellationToken cancellationToken) => _readings.Reader.ReadAllAsync(cancellationToken);

    /// <summary>
    /// Reads until cancelled, on a thread of its own (<see cref="ReadingThread"/>): the returned task completes when the
    /// loop ends, and no thread-pool worker waits on the serial line meanwhile.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        ReadingThread.Start($"P1 {Path.GetFileName(_transport.Status.Device)}", () => Run(cancellationToken));

    private void Run(CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[4096];
        var batch = new List<MeterReading>();
        DateTimeOffset lastByteAt = _time.GetUtcNow();
        bool quietReported = true;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int read = _transport.Read(buffer, cancellationToken);
                DateTimeOffset now = _time.GetUtcNow();
                if (read == 0)
                {
                    // A telegram that stopped mid-way will never complete: count it now rather than at the next '/'.
                    if (!quietReported && now - lastByteAt >= _options.IncompleteTelegramTimeout)
                    {
                        _decoder.EndOfData();
                        quietReported = true;
                    }

                    continue;
                }

                lastByteAt = now;
                quietReported = false;
                batch.Clear();
                _decoder.Feed(buffer.AsSpan(0, read), now, batch);
                foreach (MeterReading reading in batch)
                {
                    Offer(reading, cancellationToken);
                    Interlocked.Increment(ref _readingsProduced);
                }

                Interlocked.Add(ref _bytesProcessed, read);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
        finally
        {
            _readings.Writer.TryComplete();
        }
    }

    /// <summary>Hands a reading to the consumer, waiting on this thread while the buffer is full.</summary>
    private void Offer(MeterReading reading, CancellationToken cancellationToken)
    {
        if (!_readings.Writer.TryWrite(reading))
        {
            _readings.Writer.WriteAsync(reading, cancellationToken).AsTask().GetAwaiter().GetResult();
        }
    }
}

public sealed record DsmrMeterReaderOptions
{
    /// <summary>
    /// Quiet time after which a started telegram is rejected as truncated. A DSMR 5 telegram is sent within 1 s
    /// (v5.0.2 §5.2: "entire P1 telegram must be completed within 1 s"), so 2 s is safely beyond a live one.
    /// </summary>
    public TimeSpan IncompleteTelegramTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Readings held while the consumer is busy; the loop waits when full.</summary>
    public int ReadingBufferCapacity { get; init; } = 256;
}
