using System.Runtime.InteropServices;

namespace Edge.MeterAdapter.Transport;

/// <summary>
/// One open descriptor of a <see cref="TermiosSerialDevice"/>: non-blocking, raw, framed by termios. Reads wait in
/// poll(2); a hang-up (USB adapter unplugged, pty master closed) surfaces as an <see cref="IOException"/> naming the
/// device, which makes the transport close and reopen with its backoff.
/// </summary>
internal sealed unsafe class TermiosSerialLink : ISerialLink
{
    /// <summary>A write that cannot make progress for this long (output held up, e.g. by a stuck adapter) fails.</summary>
    private static readonly TimeSpan MinimumWriteTimeout = TimeSpan.FromSeconds(1);

    private readonly TerminalHandle _handle;
    private readonly string _device;
    private readonly int _pollTimeoutMs;
    private readonly int _writeTimeoutMs;

    private TermiosSerialLink(TerminalHandle handle, string device, TimeSpan pollInterval)
    {
        _handle = handle;
        _device = device;
        _pollTimeoutMs = TimeoutMs(pollInterval);
        _writeTimeoutMs = TimeoutMs(pollInterval > MinimumWriteTimeout ? pollInterval : MinimumWriteTimeout);
    }

    public static TermiosSerialLink Open(string device, SerialSettings settings, TimeSpan pollInterval)
    {
        // O_NONBLOCK: open must not wait for carrier detect, and reads wait in poll instead of in the driver.
        // O_NOCTTY: a meter line must never become the daemon's controlling terminal.
        int fd = LibcTerminal.Open(
            device, LibcTerminal.OpenReadWrite | LibcTerminal.OpenNoControllingTty | LibcTerminal.OpenNonBlocking | LibcTerminal.OpenCloseOnExec);
        if (fd < 0)
        {
            throw TermiosSerialDevice.Failure(device, "open", Marshal.GetLastPInvokeError());
        }

        var handle = new TerminalHandle(fd);
        try
        {
            Termios termios = default;
            if (LibcTerminal.GetAttributes(fd, &termios) != 0)
            {
                throw TermiosSerialDevice.Failure(device, "tcgetattr (is it a terminal?)", Marshal.GetLastPInvokeError());
            }

            TermiosFraming.Apply(&termios, settings);
            if (LibcTerminal.SetAttributes(fd, LibcTerminal.TcsaNow, &termios) != 0)
            {
                throw TermiosSerialDevice.Failure(device, $"tcsetattr {settings}", Marshal.GetLastPInvokeError());
            }

            return new TermiosSerialLink(handle, device, pollInterval);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        using var lease = Lease();
        var poll = new LibcTerminal.PollDescriptor { Fd = lease.Fd, Events = LibcTerminal.PollIn };
        int ready = LibcTerminal.Poll(&poll, 1, _pollTimeoutMs);
        if (ready < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            // A signal cut the wait short: report "nothing yet", the caller reads again.
            return errno == LibcTerminal.ErrorInterrupted ? 0 : throw TermiosSerialDevice.Failure(_device, "poll", errno);
        }

        if (ready == 0)
        {
            return 0;
        }

        if ((poll.ReturnedEvents & LibcTerminal.PollIn) == 0)
        {
            // POLLHUP, POLLERR or POLLNVAL without data: nothing will ever arrive on this descriptor.
            throw HungUp(poll.ReturnedEvents);
        }

        nint read;
        fixed (byte* target = buffer)
        {
            read = LibcTerminal.Read(lease.Fd, target, (nuint)buffer.Length);
        }

        if (read > 0)
        {
            return (int)read;
        }

        if (read == 0)
        {
            // Readable but end of file: a hung-up tty (unplugged USB adapter) reads 0 forever, and polls readable.
            throw HungUp(poll.ReturnedEvents);
        }

        int readErrno = Marshal.GetLastPInvokeError();
        return readErrno is LibcTerminal.ErrorWouldBlock or LibcTerminal.ErrorInterrupted
            ? 0
            : throw TermiosSerialDevice.Failure(_device, "read", readErrno); // EIO, ENXIO: the device went away
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        using var lease = Lease();
        long deadline = Environment.TickCount64 + _writeTimeoutMs;
        while (!data.IsEmpty)
        {
            nint written;
            fixed (byte* source = data)
            {
                written = LibcTerminal.Write(lease.Fd, source, (nuint)data.Length);
            }

            if (written > 0)
            {
                data = data[(int)written..];
                continue;
            }

            int errno = written < 0 ? Marshal.GetLastPInvokeError() : LibcTerminal.ErrorWouldBlock;
            if (errno == LibcTerminal.ErrorInterrupted)
            {
                continue;
            }

            if (errno != LibcTerminal.ErrorWouldBlock)
            {
                throw TermiosSerialDevice.Failure(_device, "write", errno);
            }

            // The output queue is full: wait until it has room, within the write timeout.
            long remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                throw new IOException($"write on {_device} timed out: {data.Length} bytes not accepted within {_writeTimeoutMs} ms");
            }

            var poll = new LibcTerminal.PollDescriptor { Fd = lease.Fd, Events = LibcTerminal.PollOut };
            int ready = LibcTerminal.Poll(&poll, 1, (int)Math.Min(remaining, int.MaxValue));
            if (ready < 0)
            {
                int pollErrno = Marshal.GetLastPInvokeError();
                if (pollErrno != LibcTerminal.ErrorInterrupted)
                {
                    throw TermiosSerialDevice.Failure(_device, "poll", pollErrno);
                }
            }
            else if (ready > 0 && (poll.ReturnedEvents & LibcTerminal.PollOut) == 0)
            {
                throw HungUp(poll.ReturnedEvents);
            }
        }
    }

    public void Drain()
    {
        using var lease = Lease();
        while (LibcTerminal.Drain(lease.Fd) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != LibcTerminal.ErrorInterrupted)
            {
                throw TermiosSerialDevice.Failure(_device, "tcdrain", errno);
            }
        }
    }

    public void Dispose() => _handle.Dispose();

    private TerminalHandle.DescriptorLease Lease()
    {
        try
        {
            return _handle.Lease();
        }
        catch (ObjectDisposedException ex)
        {
            throw new IOException($"Serial device {_device} is no longer open.", ex);
        }
    }

    private IOException HungUp(short events) =>
        new($"{_device} hung up (poll events 0x{events:x}): the device was unplugged or its other end closed");

    private static int TimeoutMs(TimeSpan interval) => (int)Math.Min(Math.Ceiling(interval.TotalMilliseconds), int.MaxValue);
}
