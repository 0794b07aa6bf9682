using System.Text.Json;
using Edge.ModelContract.IO;

namespace Edge.Runtime.Models;

/// <summary>Reads and atomically replaces state.json (stage, fsync, rename, fsync the directory: <see cref="AtomicFile"/>).</summary>
public static class ModelStateFile
{
    /// <summary>The state, or <see cref="ModelState.Empty"/> when no model was ever installed. A damaged file is an error, never a reset: resetting would forget the highest version.</summary>
    public static ModelState Load(string path)
    {
        if (!File.Exists(path))
        {
            return ModelState.Empty;
        }

        ModelState? state;
        try
        {
            state = JsonSerializer.Deserialize(File.ReadAllBytes(path), ModelStateJsonContext.Default.ModelState);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a model state file ({e.Message}); fix or restore it, deleting it would forget the highest version installed", e);
        }

        if (state is null || state.FormatVersion != ModelState.CurrentFormatVersion)
        {
            throw new InvalidDataException($"{path}: model state format version {state?.FormatVersion} is not supported (expected {ModelState.CurrentFormatVersion})");
        }

        return state.WithPerIdVersions();
    }

    public static void Save(string path, ModelState state) =>
        AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(state, ModelStateJsonContext.Default.ModelState));
}
