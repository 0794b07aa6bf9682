using System.Threading.Channels;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Transport;
using Edge.Runtime.Health;

namespace Edge.Runtime.Ingest;

/// <summary>
/// A meter that answers only when asked (IEC 62056-21 mode C readout, Modbus SDM): one readout per poll interval, on
/// the gateway's clock, on a reading thread of the meter's own. A readout that fails is counted by reason; three in a
/// row make the meter a fault until one succeeds.
/// </summary>
public sealed class PolledMeterSource : IMeterSource, IDisposable
{
    private const int FailuresBeforeFault = 3;

    private readonly SerialTransport _transport;
    private readonly Func<CancellationToken, ValueTask<MeterReading?>> _readout;
    private readonly Func<IEnumerable<KeyValuePair<string, long>>> _rejects;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly MeterStatus _status;
    private readonly SerialFaultReporter _faults;

    /// <param name="readout">One request/response cycle on <paramref name="transport"/>; null when the meter's answer was rejected.</param>
    /// <param name="rejects">The protocol's cumulative reject counts by reason.</param>
    public PolledMeterSource(
        string meterId,
        string protocol,
        SerialTransport transport,
        Func<CancellationToken, ValueTask<MeterReading?>> readout,
        Func<IEnumerable<KeyValuePair<string, long>>> rejects,
        TimeSpan interval,
        MeterStatusBoard board,
        FaultBoard faults,
        TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(board);
        MeterId = meterId;
        _transport = transport;
        _readout = readout;
        _rejects = rejects;
        _interval = interval;
        _time = time;
        _status = board.For(meterId, protocol);
        _faults = new SerialFaultReporter(transport, _status, faults);
    }

    public string MeterId { get; }

    /// <summary>The name of the meter's reading thread (Linux shows the first 15 characters in top -H).</summary>
    public string ThreadName => "poll " + MeterId;

    /// <summary>
    /// Polls on a <see cref="ReadingThread"/> of the meter's own: a readout blocks in serial reads for the seconds it
    /// takes, and on a thread-pool worker a hundred polled meters would hold a hundred workers. The thread ends when
    /// <paramref name="cancellationToken"/> is cancelled (between reads, or at once while it waits for the next poll).
    /// </summary>
    public Task RunAsync(ChannelWriter<MeterReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        return ReadingThread.Start(ThreadName, () => Poll(readings, cancellationToken));
    }

    private void Poll(ChannelWriter<MeterReading> readings, CancellationToken cancellationToken)
    {
        var failures = 0;
        try
        {
            while (true)
            {
                var started = _time.GetUtcNow();
                var reading = ReadingThread.Wait(_readout(cancellationToken));
                _status.SetRejects(_rejects());
                if (reading is null)
                {
                    if (++failures >= FailuresBeforeFault)
                    {
                        _faults.Report($"{failures} readouts in a row failed");
                    }
                }
                else
                {
                    failures = 0;
                    _faults.ReadingArrived();
                    // A full channel makes this meter wait (the pipeline never drops), on its own thread.
                    var written = readings.WriteAsync(reading with { MeterId = MeterId }, cancellationToken);
                    if (!written.IsCompletedSuccessfully)
                    {
                        written.AsTask().GetAwaiter().GetResult();
                    }

                    _status.Received();
                }

                // The next readout starts one interval after this one started, so the period does not drift by its length.
                var wait = started + _interval - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    Task.Delay(wait, _time, cancellationToken).GetAwaiter().GetResult();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    /// <summary>Closes the port; the meters of a Modbus bus share it, and a second Dispose does nothing.</summary>
    public void Dispose() => _transport.Dispose();
}
