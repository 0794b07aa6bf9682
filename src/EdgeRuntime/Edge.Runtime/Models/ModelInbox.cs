using Edge.ModelContract.IO;
using Edge.Runtime.Health;

namespace Edge.Runtime.Models;

/// <summary>
/// A drop-folder for bundles (docs/model-delivery.md): every `*.bundle` file in it is offered to the installer and
/// then moved to accepted/ or to rejected/ beside a `.reason.txt`. Uploaders write under a name starting with '.'
/// (or not ending in .bundle) and rename when complete, so a half-copied file is never read.
/// </summary>
public sealed class ModelInbox(ModelInstaller installer, string directory, FaultBoard faults, TimeProvider time)
{
    public const string BundlePattern = "*.bundle";
    public const string AcceptedDirectoryName = "accepted";
    public const string RejectedDirectoryName = "rejected";
    public const string ReasonSuffix = ".reason.txt";
    public const string FaultComponent = "model-inbox";

    /// <summary>Scans now, then every <paramref name="interval"/> until cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            await ProcessAsync(cancellationToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Offers every waiting bundle, oldest name first, and files it away; returns what became of each.</summary>
    public async Task<IReadOnlyList<InstallOutcome>> ProcessAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<InstallOutcome>();
        try
        {
            Directory.CreateDirectory(directory);
            var files = Directory.EnumerateFiles(directory, BundlePattern)
                .Where(f => !Path.GetFileName(f).StartsWith('.'))
                .Order(StringComparer.Ordinal)
                .ToList();
            foreach (var file in files)
            {
                var name = Path.GetFileName(file);
                var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
                var outcome = await installer.InstallAsync(bytes, $"inbox:{name}", cancellationToken).ConfigureAwait(false);
                FileAway(file, outcome);
                outcomes.Add(outcome);
            }

            faults.Clear(FaultComponent);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            faults.Report(FaultComponent, $"{directory}: {e.Message}");
        }

        return outcomes;
    }

    private void FileAway(string file, InstallOutcome outcome)
    {
        var name = Path.GetFileName(file);
        var target = Path.Combine(directory, outcome.Activated ? AcceptedDirectoryName : RejectedDirectoryName);
        Directory.CreateDirectory(target);
        if (!outcome.Activated)
        {
            // The reason first: if the move is lost to a crash, the bundle is offered again and the reason rewritten.
            AtomicFile.WriteAllText(Path.Combine(target, name + ReasonSuffix), $"{outcome.Reason}: {outcome.Message}\n");
        }

        File.Move(file, Path.Combine(target, name), overwrite: true);
        AtomicFile.SyncDirectory(directory);
    }
}
