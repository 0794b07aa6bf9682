namespace Edge.MeterAdapter.Readings;

/// <summary>
/// Counts frames (or pulses) that were rejected, by reason, so that a bad frame is visible in metrics instead of
/// becoming a reading. Thread-safe: decoders run on transport threads while the host reads the snapshot.
/// </summary>
public sealed class RejectTally<TReason>
    where TReason : struct, Enum
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TReason, long> _counts = [];

    public void Add(TReason reason)
    {
        lock (_gate)
        {
            _counts[reason] = _counts.GetValueOrDefault(reason) + 1;
        }
    }

    public long this[TReason reason]
    {
        get
        {
            lock (_gate)
            {
                return _counts.GetValueOrDefault(reason);
            }
        }
    }

    public long Total
    {
        get
        {
            lock (_gate)
            {
                return _counts.Values.Sum();
            }
        }
    }

    public IReadOnlyDictionary<TReason, long> Snapshot()
    {
        lock (_gate)
        {
            return new Dictionary<TReason, long>(_counts);
        }
    }
}
