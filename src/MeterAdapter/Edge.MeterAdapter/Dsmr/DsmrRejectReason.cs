namespace Edge.MeterAdapter.Dsmr;

/// <summary>Why bytes from the P1 port did not become a reading. Exported per reason as a metric.</summary>
public enum DsmrRejectReason
{
    /// <summary>The CRC after '!' does not match the bytes '/' through '!'.</summary>
    BadCrc,

    /// <summary>The telegram declares a version (4 or later) that requires a CRC, or the port is configured to require one, but none was sent.</summary>
    MissingCrc,

    /// <summary>A new '/' arrived before the telegram ended (bytes were lost), or the line went quiet mid-telegram.</summary>
    Truncated,

    /// <summary>The telegram grew beyond the configured maximum length without ending.</summary>
    Oversize,

    /// <summary>A line of a checked telegram is not valid DSMR, or the trailer after '!' is malformed.</summary>
    MalformedLine,

    /// <summary>Bytes outside any telegram (counted once per run of such bytes).</summary>
    Garbage,
}
