using System.Text;

namespace Edge.ModelContract.IO;

/// <summary>
/// Writes a file so that readers see either the old contents or the new, never half: the bytes go to a temporary
/// file in the same directory, are flushed to the device (fsync), and the temporary file is renamed over the
/// target (rename is atomic within a POSIX file system). The directory is fsynced too, so the rename survives a
/// power cut.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        var bytes = contents.ToArray();
        Write(path, stream => stream.Write(bytes));
    }

    public static void WriteAllText(string path, string contents) =>
        WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(contents));

    /// <summary>Streams the contents through <paramref name="writeContents"/>; on any exception the target is untouched.</summary>
    public static void Write(string path, Action<Stream> writeContents)
    {
        ArgumentNullException.ThrowIfNull(writeContents);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath) ?? ".";
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                writeContents(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
            SyncDirectory(directory);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Flushes a directory entry (the rename) to disk. Linux only; elsewhere a no-op.</summary>
    public static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsLinux())
        {
            // .NET refuses to open a directory as a file, so fsync it through libc.
            DirectorySync.Fsync(directory);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
