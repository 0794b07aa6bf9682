namespace Edge.Runtime.Scoring;

/// <summary>
/// Keeps the reading store scoring streams from open while anything reads it: a run's rules step SQLite rows on the
/// run's thread, and the host may dispose the store on another one when it stops. <see cref="Close"/> waits for reads in
/// progress to end; a read begun after it throws <see cref="ObjectDisposedException"/> instead of stepping a closed
/// connection.
/// </summary>
public sealed class ReadingStoreLifetime
{
    private readonly object _sync = new();
    private int _reading;
    private bool _closed;

    /// <summary>Marks a read as going on until the returned scope is disposed.</summary>
    public Scope Enter()
    {
        lock (_sync)
        {
            if (_closed)
            {
                throw new ObjectDisposedException(nameof(Storage.ReadingStore), "scoring's connection to the reading store is closed: the gateway is stopping");
            }

            _reading++;
        }

        return new Scope(this);
    }

    /// <summary>Refuses new reads and returns once the reads in progress have ended; then the store can be disposed.</summary>
    public void Close()
    {
        lock (_sync)
        {
            _closed = true;
            while (_reading > 0)
            {
                Monitor.Wait(_sync);
            }
        }
    }

    private void Exit()
    {
        lock (_sync)
        {
            if (--_reading == 0)
            {
                Monitor.PulseAll(_sync);
            }
        }
    }

    /// <summary>One read in progress; dispose it once.</summary>
    public readonly struct Scope(ReadingStoreLifetime lifetime) : IDisposable
    {
        public void Dispose() => lifetime.Exit();
    }
}
