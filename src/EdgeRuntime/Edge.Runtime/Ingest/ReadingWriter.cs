using System.Threading.Channels;
using Edge.MeterAdapter.Readings;
using Edge.Runtime.Health;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Ingest;

/// <summary>
/// The single stage that writes readings: drains the channel in batches, commits each batch in one transaction, and
/// only then counts its readings as stored and raises <see cref="Acknowledged"/>. When the store fails (disk full,
/// I/O error) the fault "storage" is shown, readings are held in memory up to a bound and the commit is retried with a
/// doubling delay; nothing already committed is touched, and the fault clears at the first successful commit.
/// </summary>
public sealed class ReadingWriter
{
    /// <summary>Fault board component of the store.</summary>
    public const string StorageComponent = "storage";

    private readonly IReadingSink _sink;
    private readonly MeterStatusBoard _board;
    private readonly FaultBoard _faults;
    private readonly PipelineHeartbeat _heartbeat;
    private readonly TimeProvider _time;
    private readonly ReadingWriterOptions _options;
    private readonly List<MeterReading> _pending = [];
    private long _stored;
    private long _dropped;
    private long _failedCommits;

    public ReadingWriter(IReadingSink sink, MeterStatusBoard board, FaultBoard faults, PipelineHeartbeat heartbeat, TimeProvider time, ReadingWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxBatch);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPending, options.MaxBatch);
        _sink = sink;
        _board = board;
        _faults = faults;
        _heartbeat = heartbeat;
        _time = time;
        _options = options;
    }

    /// <summary>Raised on the writer's thread after a batch is committed; its readings are durable.</summary>
    public event Action<IReadOnlyList<MeterReading>>? Acknowledged;

    public long ReadingsStored => Interlocked.Read(ref _stored);

    /// <summary>Readings given up because the store failed for longer than the in-memory bound could bridge.</summary>
    public long ReadingsDropped => Interlocked.Read(ref _dropped);

    public long FailedCommits => Interlocked.Read(ref _failedCommits);

    /// <summary>
    /// Writes until <paramref name="readings"/> is completed and everything read from it is committed. Shutdown is
    /// completing the channel (the rest is flushed); <paramref name="abandon"/> gives up at once, keeping what is
    /// committed (for a store that still fails when the service manager's stop timeout runs out).
    /// </summary>
    public async Task RunAsync(ChannelReader<MeterReading> readings, CancellationToken abandon)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var failures = 0;
        try
        {
            while (true)
            {
                _heartbeat.Beat();
                Take(readings);
                if (_pending.Count == 0)
                {
                    if (!await WaitForReadingsAsync(readings, abandon).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }

                if (TryCommit())
                {
                    failures = 0;
                    continue;
                }

                failures++;
                await RetryDelayAsync(readings, failures, abandon).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            // Abandoned: what is not committed is lost with the process, as it would be on a power cut.
        }
    }

    /// <summary>Moves what the channel holds into the pending list, dropping the oldest beyond the bound.</summary>
    private void Take(ChannelReader<MeterReading> readings)
    {
        while (readings.TryRead(out var reading))
        {
            _pending.Add(reading);
        }

        var excess = _pending.Count - _options.MaxPending;
        if (excess > 0)
        {
            _pending.RemoveRange(0, excess);
            Interlocked.Add(ref _dropped, excess);
        }
    }

    /// <summary>False when the channel is completed and empty: the writer is done.</summary>
    private async Task<bool> WaitForReadingsAsync(ChannelReader<MeterReading> readings, CancellationToken abandon)
    {
        using var wake = new CancellationTokenSource(_options.HeartbeatInterval, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(wake.Token, abandon);
        try
        {
            return await readings.WaitToReadAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!abandon.IsCancellationRequested)
        {
            return true;
        }
    }

    private bool TryCommit()
    {
        var count = Math.Min(_pending.Count, _options.MaxBatch);
        var batch = _pending.GetRange(0, count);
        try
        {
            _sink.Append(batch);
        }
        catch (Exception e) when (e is SqliteException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _failedCommits);
            var held = _pending.Count;
            _faults.Report(StorageComponent, $"cannot store readings: {e.Message} ({held} held in memory, {ReadingsDropped} dropped)");
            return false;
        }

        _pending.RemoveRange(0, count);
        Interlocked.Add(ref _stored, count);
        foreach (var reading in batch)
        {
            _board.Find(reading.MeterId)?.Stored(reading);
        }

        _faults.Clear(StorageComponent);
        Acknowledged?.Invoke(batch);
        return true;
    }

    /// <summary>
    /// Waits the doubling retry delay in heartbeat-sized steps, so a long storage fault does not trip the watchdog, and
    /// keeps draining the channel so the meters are never held up by the store.
    /// </summary>
    private async Task RetryDelayAsync(ChannelReader<MeterReading> readings, int failures, CancellationToken abandon)
    {
        var doublings = Math.Min(failures - 1, 20);
        var delay = TimeSpan.FromTicks(Math.Min(_options.InitialRetryDelay.Ticks << doublings, _options.MaxRetryDelay.Ticks));
        var until = _time.GetUtcNow() + delay;
        TimeSpan remaining;
        while ((remaining = until - _time.GetUtcNow()) > TimeSpan.Zero)
        {
            await Task.Delay(remaining < _options.HeartbeatInterval ? remaining : _options.HeartbeatInterval, _time, abandon).ConfigureAwait(false);
            _heartbeat.Beat();
            Take(readings);
        }
    }
}
