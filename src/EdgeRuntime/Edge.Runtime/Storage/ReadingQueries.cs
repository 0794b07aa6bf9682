namespace Edge.Runtime.Storage;

/// <summary>
/// What the API and the technician page read from the reading store, through a connection of their own (the writer and
/// scoring each own theirs), opened on first use and shared by concurrent requests under a lock.
/// </summary>
public sealed class ReadingQueries(string databasePath) : IDisposable
{
    private readonly Lock _gate = new();
    private ReadingStore? _store;

    /// <summary>Every meter's power-failure log entries that ended in [from, to), oldest first.</summary>
    public IReadOnlyList<LoggedPowerFailure> PowerFailures(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            _store ??= ReadingStore.Open(new ReadingStoreOptions { DatabasePath = databasePath });
            return _store.PowerFailures(null, from, to);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _store?.Dispose();
            _store = null;
        }
    }
}
