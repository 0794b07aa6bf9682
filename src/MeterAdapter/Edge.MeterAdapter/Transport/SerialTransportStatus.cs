namespace Edge.MeterAdapter.Transport;

public enum SerialTransportState
{
    /// <summary>Not opened yet, or disposed.</summary>
    Closed,

    /// <summary>The port is open; bytes arrived within the silence window (or it was just opened).</summary>
    Connected,

    /// <summary>No byte for longer than the silence window: the port is considered stale and is being closed.</summary>
    Silent,

    /// <summary>The port is closed and an open attempt is pending (possibly after a backoff delay).</summary>
    Reopening,

    /// <summary>The device node does not exist (USB adapter unplugged); retried with backoff.</summary>
    DeviceMissing,
}

/// <summary>A snapshot of a transport's state and counters for status pages and logs.</summary>
public sealed record SerialTransportStatus(
    string Device,
    SerialSettings Settings,
    SerialTransportState State,
    long BytesReceived,
    long Opens,
    long OpenFailures,
    long SilenceDetections,
    long ReadErrors,
    DateTimeOffset? LastDataAt);

/// <summary>One state transition with the reason, e.g. Connected → Silent "no byte for 00:00:03".</summary>
public sealed record SerialTransportStateChange(SerialTransportState Previous, SerialTransportState Current, string Reason, DateTimeOffset At);
