using Edge.MeterAdapter.Iec62056;
using Edge.MeterAdapter.Modbus;
using Microsoft.Extensions.Time.Testing;

namespace Edge.MeterAdapter.Tests.Modbus;

/// <summary>A chunk of bytes a scripted device sends: after a gap, and at a baud rate (null: whatever the line uses).</summary>
internal sealed record ScriptedChunk(TimeSpan Gap, byte[] Bytes, int? BaudRate = null)
{
    public static implicit operator ScriptedChunk((TimeSpan Gap, byte[] Bytes) chunk) => new(chunk.Gap, chunk.Bytes);
}

/// <summary>
/// A serial line under a fake clock, standing in for <c>Transport.SerialTransport</c>. Bytes arrive at scheduled
/// instants; a read with nothing due advances the clock by one poll step and returns 0, like the transport after its
/// poll interval. An optional device answers each written request with chunks. A chunk sent at a baud rate other than
/// the line's current one arrives as garbage (bit 7 set), as a UART at the wrong speed would deliver it; an optical
/// head's echo of written bytes can be switched on.
/// </summary>
internal sealed class ScriptedLine(FakeTimeProvider clock, Func<byte[], IEnumerable<ScriptedChunk>>? device = null) : IModbusRtuLine, IIec62056Line
{
    private const int MaxReads = 2_000_000;
    private readonly List<(DateTimeOffset At, byte[] Bytes, int? BaudRate)> _incoming = [];
    private int _reads;

    public TimeSpan PollStep { get; init; } = TimeSpan.FromMicroseconds(250);

    public bool Echo { get; init; }

    public int BaudRate { get; private set; } = 300;

    public List<(DateTimeOffset At, byte[] Bytes)> Writes { get; } = [];

    public List<(DateTimeOffset At, int BaudRate)> BaudSwitches { get; } = [];

    /// <summary>Schedules chunks starting <paramref name="after"/> from now, each after the gap given with it.</summary>
    public void Schedule(TimeSpan after, IEnumerable<ScriptedChunk> chunks)
    {
        var at = clock.GetUtcNow() + after;
        foreach (var chunk in chunks)
        {
            at += chunk.Gap;
            _incoming.Add((at, chunk.Bytes, chunk.BaudRate));
        }

        _incoming.Sort((x, y) => x.At.CompareTo(y.At));
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var request = data.ToArray();
        Writes.Add((clock.GetUtcNow(), request));
        if (Echo)
        {
            Schedule(TimeSpan.Zero, [new ScriptedChunk(TimeSpan.Zero, request, BaudRate)]);
        }

        if (device is not null)
        {
            Schedule(TimeSpan.Zero, device(request));
        }

        return ValueTask.CompletedTask;
    }

    public void SwitchBaudRate(int baudRate)
    {
        BaudRate = baudRate;
        BaudSwitches.Add((clock.GetUtcNow(), baudRate));
    }

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (++_reads > MaxReads)
        {
            throw new InvalidOperationException("The code under test polled the line without end.");
        }

        var now = clock.GetUtcNow();
        if (_incoming.Count > 0 && _incoming[0].At <= now + PollStep)
        {
            var (at, bytes, baud) = _incoming[0];
            if (at > now)
            {
                clock.SetUtcNow(at);
            }

            var n = Math.Min(buffer.Length, bytes.Length);
            var garbled = baud is { } b && b != BaudRate;
            for (var i = 0; i < n; i++)
            {
                buffer.Span[i] = garbled ? (byte)(bytes[i] | 0x80) : bytes[i];
            }

            if (n < bytes.Length)
            {
                _incoming[0] = (at, bytes[n..], baud);
            }
            else
            {
                _incoming.RemoveAt(0);
            }

            return ValueTask.FromResult(n);
        }

        clock.Advance(PollStep);
        return ValueTask.FromResult(0);
    }
}
