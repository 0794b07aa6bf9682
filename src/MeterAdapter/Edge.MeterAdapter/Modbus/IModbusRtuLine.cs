namespace Edge.MeterAdapter.Modbus;

/// <summary>
/// The RS-485 line a Modbus RTU master talks on. <c>Transport.SerialTransport</c> has exactly these members; tests and
/// the simulator script bytes and time instead. The master never opens hardware itself.
/// </summary>
public interface IModbusRtuLine
{
    /// <summary>
    /// Copies received bytes into <paramref name="buffer"/>; returns 0 when nothing arrived within the line's short poll
    /// interval, so the master can check its deadlines on its <see cref="TimeProvider"/>.
    /// </summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);
}
