namespace Edge.MeterAdapter.Transport;

/// <summary>Watchdog and reopen policy of a <see cref="SerialTransport"/>. Times are on the transport's TimeProvider.</summary>
public sealed record SerialTransportOptions
{
    /// <summary>
    /// No byte for this long means the port is treated as stale and reopened. A DSMR 5 meter sends every second, so 3 s
    /// is three missed telegrams ("no valid frame in 3x the expected period"). Pull protocols (IEC, Modbus) read only
    /// after a request and should use a window longer than their polling period.
    /// </summary>
    public TimeSpan SilenceWindow { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Wait after the first failed attempt (failed open, or a reopened port that stayed silent); doubled after each further failure.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the doubling backoff.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SilenceWindow, TimeSpan.Zero, nameof(SilenceWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialBackoff, TimeSpan.Zero, nameof(InitialBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff, nameof(MaxBackoff));
    }
}
