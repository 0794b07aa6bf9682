using System.IO.Ports;

namespace Edge.MeterAdapter.Transport;

/// <summary>A serial device node opened through System.IO.Ports (USB adapter, on-board UART, or a pty slave).</summary>
public sealed class SerialPortDevice : ISerialDevice
{
    private readonly TimeSpan _pollInterval;

    /// <param name="path">Prefer /dev/serial/by-id/... paths: ttyUSB numbers change when adapters are replugged.</param>
    /// <param name="pollInterval">How long one <see cref="ISerialLink.Read"/> waits for bytes (wall clock, the driver's timeout).</param>
    public SerialPortDevice(string path, TimeSpan pollInterval)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        Name = path;
        _pollInterval = pollInterval;
    }

    public string Name { get; }

    public bool IsPresent() => File.Exists(Name);

    public ISerialLink Open(SerialSettings settings) => new SerialPortLink(Name, settings, _pollInterval);

    private sealed class SerialPortLink : ISerialLink
    {
        private readonly SerialPort _port;
        private readonly byte[] _chunk = new byte[4096];

        public SerialPortLink(string path, SerialSettings settings, TimeSpan pollInterval)
        {
            int timeoutMs = (int)Math.Ceiling(pollInterval.TotalMilliseconds);
            // Framing is set before Open: changing Parity on an open port bound to a pty throws ArgumentException.
            _port = new SerialPort(path, settings.BaudRate, settings.Parity, settings.DataBits, settings.StopBits)
            {
                ReadTimeout = timeoutMs,
                WriteTimeout = Math.Max(timeoutMs, 1000),
                Handshake = Handshake.None,
            };
            try
            {
                _port.Open();
            }
            catch
            {
                _port.Dispose();
                throw;
            }
        }

        public int Read(Span<byte> buffer)
        {
            try
            {
                // SerialPort.Read honours ReadTimeout; BaseStream.ReadAsync does not (dotnet/corefx#36040).
                int read = _port.Read(_chunk, 0, Math.Min(buffer.Length, _chunk.Length));
                _chunk.AsSpan(0, read).CopyTo(buffer);
                return read;
            }
            catch (TimeoutException)
            {
                return 0;
            }
            catch (InvalidOperationException ex)
            {
                throw new IOException($"Serial port {_port.PortName} is no longer open.", ex);
            }
        }

        public void Write(ReadOnlySpan<byte> data) => _port.BaseStream.Write(data);

        public void Drain() => _port.BaseStream.Flush();

        public void Dispose() => _port.Dispose();
    }
}
