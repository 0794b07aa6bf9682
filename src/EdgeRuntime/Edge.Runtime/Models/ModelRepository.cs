using Edge.ModelContract.Bundles;
using Edge.ModelContract.IO;

namespace Edge.Runtime.Models;

/// <summary>
/// The installed-model directory (docs/model-delivery.md): state.json, the kept bundles under bundles/, and a .lock
/// held for as long as one process (the daemon, or `edge model` while no daemon runs) owns the directory.
/// </summary>
public sealed class ModelRepository : IDisposable
{
    public const string StateFileName = "state.json";
    public const string BundlesDirectoryName = "bundles";
    public const string LockFileName = ".lock";

    private readonly FileStream _lock;

    private ModelRepository(string directory, FileStream lockFile)
    {
        Directory = directory;
        _lock = lockFile;
    }

    public string Directory { get; }

    public string StatePath => Path.Combine(Directory, StateFileName);

    /// <summary>
    /// Takes the directory's lock (an exclusive flock on .lock, released when the process dies), or returns null
    /// when another process holds it.
    /// </summary>
    public static ModelRepository? TryOpen(string directory)
    {
        var full = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Path.Combine(full, BundlesDirectoryName));
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(full, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(Path.Combine(full, LockFileName)))
        {
            return null;
        }

        return new ModelRepository(full, lockFile);
    }

    public ModelState LoadState() => ModelStateFile.Load(StatePath);

    public void SaveState(ModelState state) => ModelStateFile.Save(StatePath, state);

    /// <summary>Writes a verified bundle under bundles/ (stage, fsync, rename) and returns its path relative to the directory.</summary>
    public string StoreBundle(long version, string bundleSha256, ReadOnlySpan<byte> bundle)
    {
        // Named by version and hash only: the model id comes from the bundle and never becomes part of a path.
        var relative = Path.Combine(BundlesDirectoryName, $"v{version}-{bundleSha256[..16]}.bundle");
        AtomicFile.WriteAllBytes(Path.Combine(Directory, relative), bundle);
        return relative;
    }

    /// <summary>The stored bundle's bytes, refused when they are not the ones installed (a damaged or swapped file).</summary>
    public byte[] ReadBundle(InstalledModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var path = Path.Combine(Directory, model.File);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelRejectedException(ModelRejection.Unreadable, $"{path}: the installed bundle of {model.Label} cannot be read ({e.Message})");
        }

        if (ModelBundle.Sha256Hex(bytes) != model.BundleSha256)
        {
            throw new ModelRejectedException(ModelRejection.Unreadable, $"{path}: the installed bundle of {model.Label} has changed on disk since it was installed");
        }

        return bytes;
    }

    /// <summary>Deletes stored bundles that <paramref name="state"/> no longer names (kept: the active and the previous one).</summary>
    public void DeleteUnreferenced(ModelState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in new[] { state.Active, state.Previous })
        {
            if (model is not null)
            {
                kept.Add(Path.GetFullPath(Path.Combine(Directory, model.File)));
            }
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(Directory, BundlesDirectoryName), "*.bundle"))
        {
            if (!kept.Contains(Path.GetFullPath(file)))
            {
                File.Delete(file);
            }
        }
    }

    public void Dispose() => _lock.Dispose();
}
