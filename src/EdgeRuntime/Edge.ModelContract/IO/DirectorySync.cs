using System.Runtime.InteropServices;

namespace Edge.ModelContract.IO;

/// <summary>fsync(2) on a directory, so that a rename inside it is durable (POSIX leaves that to the caller).</summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY
    private const int DirectoryOnly = 0x10000; // O_DIRECTORY on Linux x64 and arm64

    public static void Fsync(string directory)
    {
        var fd = Open(directory, ReadOnly | DirectoryOnly);
        if (fd < 0)
        {
            return; // Nothing to flush that we may open; the rename is still atomic.
        }

        try
        {
            _ = FileSync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FileSync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
