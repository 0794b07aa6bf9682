using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Dsmr;

/// <summary>
/// Telegram counters of one P1 port. Written by the decoding thread, read by the metrics exporter from any thread.
/// </summary>
public sealed class DsmrCounters
{
    private long _accepted;
    private long _acceptedUnchecked;
    private long _discardedBytes;
    private string? _lastReject;

    /// <summary>Rejects by reason (bad CRC, missing CRC, truncated, oversize, malformed line, garbage).</summary>
    public RejectTally<DsmrRejectReason> Rejects { get; } = new();

    /// <summary>Telegrams that became readings (including unchecked ones).</summary>
    public long Accepted => Volatile.Read(ref _accepted);

    /// <summary>Of <see cref="Accepted"/>, those without a CRC (DSMR 2.2/3), marked <c>ReadingQuality.Unchecked</c>.</summary>
    public long AcceptedUnchecked => Volatile.Read(ref _acceptedUnchecked);

    /// <summary>Bytes thrown away: garbage between telegrams and the bytes of rejected telegrams.</summary>
    public long DiscardedBytes => Volatile.Read(ref _discardedBytes);

    /// <summary>A one-line description of the most recent reject, for a technician's status page.</summary>
    public string? LastReject => Volatile.Read(ref _lastReject);

    /// <summary>
    /// Raised on the decoding thread after each reject is counted (<see cref="Rejects"/> and <see cref="LastReject"/>
    /// already include it), so a status board can show rejects as they happen, also while no telegram is good. Keep
    /// handlers short: the decoder waits for them.
    /// </summary>
    public event Action<DsmrRejectReason>? Rejected;

    internal void Reject(DsmrRejectReason reason, long bytes, string detail)
    {
        Rejects.Add(reason);
        Interlocked.Add(ref _discardedBytes, bytes);
        Volatile.Write(ref _lastReject, $"{reason}: {detail}");
        Rejected?.Invoke(reason);
    }

    internal void Discard(long bytes) => Interlocked.Add(ref _discardedBytes, bytes);

    internal void Accept(bool withoutCrc)
    {
        Interlocked.Increment(ref _accepted);
        if (withoutCrc)
        {
            Interlocked.Increment(ref _acceptedUnchecked);
        }
    }
}
