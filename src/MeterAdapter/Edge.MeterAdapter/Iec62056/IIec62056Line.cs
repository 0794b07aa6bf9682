namespace Edge.MeterAdapter.Iec62056;

/// <summary>
/// The optical head (or RS-485 line) an IEC 62056-21 reader talks on. <c>Transport.SerialTransport</c> has exactly
/// these members; tests and the simulator script bytes and time instead. The reader never opens hardware itself.
/// </summary>
public interface IIec62056Line
{
    /// <summary>
    /// Copies received bytes into <paramref name="buffer"/>; returns 0 when nothing arrived within the line's short poll
    /// interval, so the reader can check its deadlines on its <see cref="TimeProvider"/>.
    /// </summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>
    /// Continues at <paramref name="baudRate"/> (same 7E1 framing) once written bytes have left the UART. A pty-backed
    /// port cannot change settings while open, so the transport closes and reopens it.
    /// </summary>
    void SwitchBaudRate(int baudRate);
}
