using System.Runtime.InteropServices;

namespace Edge.MeterAdapter.Transport;

/// <summary>
/// The libc calls a terminal device needs: open/poll/read/write/close (POSIX.1-2008), termios (tcgetattr, tcsetattr,
/// cfsetispeed, cfsetospeed, tcdrain; cfmakeraw from BSD/glibc) and openpty (glibc 2.34+ carries it in libc itself).
/// LibraryImport generates the marshalling at compile time, so this stays NativeAOT-clean.
/// </summary>
/// <remarks>
/// Numeric constants are Linux's: asm-generic/fcntl.h (the four open flags used here are the same on x86-64 and arm64),
/// asm-generic/poll.h and asm-generic/errno-base.h.
/// </remarks>
internal static unsafe partial class LibcTerminal
{
    private const string Libc = "libc";

    /// <summary>tcsetattr: apply the change immediately.</summary>
    public const int TcsaNow = 0;

    public const int OpenReadWrite = 0x2;           // O_RDWR
    public const int OpenNoControllingTty = 0x100;  // O_NOCTTY (0400)
    public const int OpenNonBlocking = 0x800;       // O_NONBLOCK (04000)
    public const int OpenCloseOnExec = 0x80000;     // O_CLOEXEC (02000000)

    public const short PollIn = 0x1;
    public const short PollOut = 0x4;
    public const short PollError = 0x8;
    public const short PollHangUp = 0x10;
    public const short PollInvalid = 0x20;

    public const int ErrorNotPermitted = 1;   // EPERM
    public const int ErrorInterrupted = 4;    // EINTR
    public const int ErrorIo = 5;             // EIO
    public const int ErrorNoDevice = 6;       // ENXIO
    public const int ErrorWouldBlock = 11;    // EAGAIN
    public const int ErrorAccess = 13;        // EACCES

    /// <summary>struct pollfd (poll.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport(Libc, EntryPoint = "openpty", SetLastError = true)]
    public static partial int OpenPty(out int master, out int slave, byte* name, void* termios, void* windowSize);

    /// <summary>open(2) without O_CREAT, so the variadic mode argument is never read.</summary>
    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Libc, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollDescriptor* descriptors, nuint count, int timeoutMs);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Libc, EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int GetAttributes(int fd, Termios* termios);

    [LibraryImport(Libc, EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int SetAttributes(int fd, int optionalActions, Termios* termios);

    /// <summary>Raw mode: no echo, no canonical line editing, no CR/LF translation, 8-bit clean.</summary>
    [LibraryImport(Libc, EntryPoint = "cfmakeraw")]
    public static partial void MakeRaw(Termios* termios);

    /// <summary>Takes a B* speed constant (termbits), not a number of bits per second.</summary>
    [LibraryImport(Libc, EntryPoint = "cfsetispeed", SetLastError = true)]
    public static partial int SetInputSpeed(Termios* termios, uint speed);

    [LibraryImport(Libc, EntryPoint = "cfsetospeed", SetLastError = true)]
    public static partial int SetOutputSpeed(Termios* termios, uint speed);

    /// <summary>Waits until everything written has been transmitted.</summary>
    [LibraryImport(Libc, EntryPoint = "tcdrain", SetLastError = true)]
    public static partial int Drain(int fd);

    /// <summary>Returns 0 or an error number (not errno).</summary>
    [LibraryImport(Libc, EntryPoint = "ttyname_r")]
    public static partial int TtyName(int fd, byte* buffer, nuint length);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
