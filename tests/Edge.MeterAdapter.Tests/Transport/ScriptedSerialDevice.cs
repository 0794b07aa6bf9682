using Edge.MeterAdapter.Transport;

namespace Edge.MeterAdapter.Tests.Transport;

/// <summary>
/// A serial device for tests: the test queues byte chunks, can make the line go silent (a stale port: reads return
/// nothing), unplug the device node, or make opens fail. Reads never block: an empty queue is one silent poll.
/// </summary>
internal sealed class ScriptedSerialDevice : ISerialDevice
{
    private readonly Queue<byte[]> _pending = new();

    public string Name => "scripted";

    public bool Present { get; set; } = true;

    public int FailNextOpens { get; set; }

    public List<SerialSettings> OpenedWith { get; } = [];

    public int OpenLinks { get; private set; }

    public List<byte[]> Written { get; } = [];

    public void Send(byte[] chunk) => _pending.Enqueue(chunk);

    public bool IsPresent() => Present;

    public ISerialLink Open(SerialSettings settings)
    {
        if (FailNextOpens > 0)
        {
            FailNextOpens--;
            throw new IOException("scripted open failure");
        }

        OpenedWith.Add(settings);
        OpenLinks++;
        return new Link(this);
    }

    private sealed class Link(ScriptedSerialDevice device) : ISerialLink
    {
        private bool _disposed;

        public int Read(Span<byte> buffer)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!device._pending.TryDequeue(out byte[]? chunk))
            {
                return 0;
            }

            chunk.CopyTo(buffer);
            return chunk.Length;
        }

        public void Write(ReadOnlySpan<byte> data) => device.Written.Add(data.ToArray());

        public void Drain()
        {
        }

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                device.OpenLinks--;
            }
        }
    }
}
