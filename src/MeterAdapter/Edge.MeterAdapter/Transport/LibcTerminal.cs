using System.Runtime.InteropServices;

namespace Edge.MeterAdapter.Transport;

/// <summary>
/// The few libc calls a pseudo-terminal needs (POSIX.1-2008 termios, BSD/glibc openpty). LibraryImport generates the
/// marshalling at compile time, so this stays NativeAOT-clean. glibc 2.34+ carries openpty in libc itself.
/// </summary>
internal static unsafe partial class LibcTerminal
{
    private const string Libc = "libc";

    /// <summary>Large enough for struct termios on every Linux ABI we target (60 bytes on glibc x64 and arm64).</summary>
    public const int TermiosBufferSize = 256;

    /// <summary>tcsetattr: apply the change immediately.</summary>
    public const int TcsaNow = 0;

    [LibraryImport(Libc, EntryPoint = "openpty", SetLastError = true)]
    public static partial int OpenPty(out int master, out int slave, byte* name, void* termios, void* windowSize);

    [LibraryImport(Libc, EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int GetAttributes(int fd, byte* termios);

    [LibraryImport(Libc, EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int SetAttributes(int fd, int optionalActions, byte* termios);

    /// <summary>Raw mode: no echo, no canonical line editing, no CR/LF translation, 8-bit clean.</summary>
    [LibraryImport(Libc, EntryPoint = "cfmakeraw")]
    public static partial void MakeRaw(byte* termios);

    /// <summary>Returns 0 or an error number (not errno).</summary>
    [LibraryImport(Libc, EntryPoint = "ttyname_r")]
    public static partial int TtyName(int fd, byte* buffer, nuint length);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
