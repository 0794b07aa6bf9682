namespace Edge.MeterAdapter.Transport;

/// <summary>
/// Something a serial link can be opened on: a device node (<see cref="TermiosSerialDevice"/>), or a simulated device in tests.
/// Opening is separate from the device so the transport can close and reopen (stale ports, framing changes).
/// </summary>
public interface ISerialDevice
{
    /// <summary>For status and log lines, e.g. /dev/serial/by-id/usb-FTDI_...</summary>
    string Name { get; }

    /// <summary>Whether the device node exists right now (a USB adapter that was unplugged has none).</summary>
    bool IsPresent();

    /// <summary>Opens a link with the given framing. Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when it cannot.</summary>
    ISerialLink Open(SerialSettings settings);
}

/// <summary>One open connection to a serial device. Used from one reading thread at a time.</summary>
public interface ISerialLink : IDisposable
{
    /// <summary>
    /// Waits up to the link's poll interval for bytes. Returns how many were copied into <paramref name="buffer"/>, or 0
    /// when nothing arrived in that interval. Throws <see cref="IOException"/> when the link failed.
    /// </summary>
    int Read(Span<byte> buffer);

    void Write(ReadOnlySpan<byte> data);

    /// <summary>Blocks until written bytes have left the UART (tcdrain), e.g. before an IEC 62056-21 baud switch.</summary>
    void Drain();
}
