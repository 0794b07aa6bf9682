using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Edge.MeterAdapter.Transport;

/// <summary>
/// A Linux pseudo-terminal pair in raw mode. The slave is a real tty device (<see cref="SlavePath"/>, e.g. /dev/pts/7)
/// that a serial device opens like any serial port; the master is the other end of the wire, exposed as a
/// <see cref="Stream"/>. Bytes written to <see cref="Master"/> arrive at the slave and vice versa.
/// </summary>
/// <remarks>
/// The pair keeps its own slave descriptor open until <see cref="CloseSlave"/> or dispose, so the master stays usable
/// while a serial port on the slave is closed and reopened (a pty master reads EIO once no slave descriptor is open).
/// </remarks>
public sealed class PseudoTerminal : IDisposable
{
    private readonly SafeFileHandle _masterHandle;
    private int _slaveFd;

    private PseudoTerminal(int masterFd, int slaveFd, string slavePath)
    {
        _masterHandle = new SafeFileHandle(masterFd, ownsHandle: true);
        _slaveFd = slaveFd;
        SlavePath = slavePath;
        // bufferSize 0: no FileStream buffering, every Write reaches the tty at once.
        Master = new FileStream(_masterHandle, FileAccess.ReadWrite, bufferSize: 0);
    }

    /// <summary>The device path a serial port opens, e.g. /dev/pts/7.</summary>
    public string SlavePath { get; }

    /// <summary>The master side: what the "meter" writes and reads.</summary>
    public Stream Master { get; }

    /// <summary>Opens a new pair and puts it in raw mode (no echo, no line discipline, no CR/LF rewriting).</summary>
    public static unsafe PseudoTerminal Open()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Pseudo-terminals are implemented for Linux only.");
        }

        if (LibcTerminal.OpenPty(out int master, out int slave, null, null, null) != 0)
        {
            throw new IOException($"openpty failed: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
        }

        try
        {
            MakeRaw(slave);
            return new PseudoTerminal(master, slave, SlaveName(slave));
        }
        catch
        {
            _ = LibcTerminal.Close(master);
            _ = LibcTerminal.Close(slave);
            throw;
        }
    }

    /// <summary>
    /// Closes this object's slave descriptor. If nothing else holds the slave open, reads on <see cref="Master"/> fail
    /// with EIO, which is how a pty reports hang-up.
    /// </summary>
    public void CloseSlave()
    {
        int fd = Interlocked.Exchange(ref _slaveFd, -1);
        if (fd >= 0)
        {
            _ = LibcTerminal.Close(fd);
        }
    }

    public void Dispose()
    {
        Master.Dispose();
        _masterHandle.Dispose();
        CloseSlave();
    }

    private static unsafe void MakeRaw(int fd)
    {
        Termios termios = default;
        if (LibcTerminal.GetAttributes(fd, &termios) != 0)
        {
            throw new IOException($"tcgetattr on the pty slave failed: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
        }

        LibcTerminal.MakeRaw(&termios);
        if (LibcTerminal.SetAttributes(fd, LibcTerminal.TcsaNow, &termios) != 0)
        {
            throw new IOException($"tcsetattr on the pty slave failed: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
        }
    }

    private static unsafe string SlaveName(int fd)
    {
        const int Length = 256;
        byte* buffer = stackalloc byte[Length];
        int error = LibcTerminal.TtyName(fd, buffer, Length);
        if (error != 0)
        {
            throw new IOException($"ttyname_r on the pty slave failed: {new Win32Exception(error).Message}");
        }

        return Encoding.ASCII.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(buffer));
    }
}
