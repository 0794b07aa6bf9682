using System.Runtime.InteropServices;

namespace Edge.MeterAdapter.Transport;

/// <summary>
/// A serial device node (USB adapter, on-board UART, or a pty slave) driven directly through its file descriptor and
/// termios. A read waits in poll(2) for up to the poll interval on the caller's thread; nothing else runs per port.
/// </summary>
/// <remarks>
/// This replaces System.IO.Ports, whose Unix implementation keeps a thread per open port polling the tty with a 1 ms
/// timeout (dotnet/runtime#2379): with 100 meters that was a whole core and 100 extra threads. Linux only: the flag
/// values are Linux's (see <see cref="Termios"/>), and the gateway runs on Linux.
/// </remarks>
public sealed class TermiosSerialDevice : ISerialDevice
{
    private readonly TimeSpan _pollInterval;

    /// <param name="path">Prefer /dev/serial/by-id/... paths: ttyUSB numbers change when adapters are replugged.</param>
    /// <param name="pollInterval">How long one <see cref="ISerialLink.Read"/> waits for bytes (wall clock, in poll(2)).</param>
    public TermiosSerialDevice(string path, TimeSpan pollInterval)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException($"Serial device {path}: termios serial devices are implemented for Linux only.");
        }

        Name = path;
        _pollInterval = pollInterval;
    }

    public string Name { get; }

    /// <summary>Follows symlinks: a /dev/serial/by-id link whose adapter was unplugged is not present.</summary>
    public bool IsPresent() => File.Exists(Name) && File.ResolveLinkTarget(Name, returnFinalTarget: true) is not { Exists: false };

    public ISerialLink Open(SerialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return TermiosSerialLink.Open(Name, settings, _pollInterval);
    }

    /// <summary>An exception for a failed call on <paramref name="device"/>, carrying the C library's message.</summary>
    internal static Exception Failure(string device, string call, int errno)
    {
        string message = $"{call} on {device} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
        return errno is LibcTerminal.ErrorAccess or LibcTerminal.ErrorNotPermitted
            ? new UnauthorizedAccessException(message)
            : new IOException(message);
    }
}
