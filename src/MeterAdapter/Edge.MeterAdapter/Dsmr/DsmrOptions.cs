namespace Edge.MeterAdapter.Dsmr;

/// <summary>How one P1 port is decoded.</summary>
public sealed record DsmrOptions
{
    /// <summary>
    /// Reject telegrams without CRC even when they declare no version. Set it for ports running at 115200 baud
    /// (DSMR 4/5 always send a CRC); leave it off for 9600-baud DSMR 2.2/3 meters, whose telegrams have none.
    /// </summary>
    public bool RequireCrc { get; init; }

    /// <summary>Clear bit 7 of incoming bytes (7E1 data read under 8N1); see <see cref="DsmrFramer"/>.</summary>
    public bool MaskParityBit { get; init; }

    public int MaxFrameLength { get; init; } = DsmrFramer.DefaultMaxFrameLength;

    /// <summary>
    /// Zone for timestamps without the S/W letter (DSMR 2.2/3.0 gas capture times). When null, such timestamps are
    /// left out of the reading rather than guessed.
    /// </summary>
    public TimeZoneInfo? ZoneForUnsuffixedTimestamps { get; init; } = FindNetherlandsZone();

    private static TimeZoneInfo? FindNetherlandsZone() =>
        TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Amsterdam", out var zone) ? zone : null;
}
