using System.Collections.Concurrent;

namespace Edge.Runtime.Health;

/// <summary>
/// What each configured meter is doing right now, for the page, the API and the metrics (pull model: they call
/// <see cref="Snapshot"/> when asked). Meter sources report transport state and rejected frames, the writer reports
/// stored readings. Thread-safe.
/// </summary>
public sealed class MeterStatusBoard
{
    private readonly ConcurrentDictionary<string, MeterStatus> _meters = new(StringComparer.Ordinal);

    /// <summary>The live status of one meter, created on first use.</summary>
    public MeterStatus For(string meterId, string protocol)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        return _meters.GetOrAdd(meterId, id => new MeterStatus(id, protocol));
    }

    /// <summary>The live status of one meter, or null if it is not configured.</summary>
    public MeterStatus? Find(string meterId) => _meters.GetValueOrDefault(meterId);

    /// <summary>A consistent copy of every meter's status, ordered by meter id.</summary>
    public IReadOnlyList<MeterStatusSnapshot> Snapshot() =>
        [.. _meters.Values.OrderBy(m => m.MeterId, StringComparer.Ordinal).Select(m => m.Snapshot())];
}
