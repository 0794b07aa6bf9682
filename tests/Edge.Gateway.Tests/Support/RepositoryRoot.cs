using System.Runtime.CompilerServices;

namespace Edge.Gateway.Tests.Support;

/// <summary>
/// Files of this repository as committed (tests that check shipped files read them in place). Found from this source
/// file's own path, since test binaries live under an artifacts folder outside the repository.
/// </summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() => Find());

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string Find([CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(System.IO.Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Edge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Edge.sln above {sourceFile}");
    }
}
