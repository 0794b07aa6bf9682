using Edge.ModelContract.IO;
using Edge.Trainer.Data;

namespace Edge.Trainer.Synthetic;

/// <summary>Writes a synthetic data set as an SGCC-layout CSV plus its sidecar, each atomically.</summary>
public static class SyntheticFiles
{
    /// <summary>The sidecar's path: data.csv -> data.thieves.json.</summary>
    public static string SidecarPath(string csvPath) => Path.ChangeExtension(csvPath, ".thieves.json");

    public static ConsumptionDataset Write(SynthOptions options, string csvPath, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (dataset, thieves) = SyntheticDataset.Generate(
            options,
            progress is null ? null : new Progress(progress, "generated", options.Customers));
        AtomicFile.Write(csvPath, stream =>
            SgccCsvWriter.Write(stream, dataset, progress is null ? null : new Progress(progress, "written", options.Customers)));
        var sidecar = new TheftSidecar(options.Seed, options.Customers, options.Days, options.FirstDay, options.PositiveShare, thieves);
        AtomicFile.WriteAllText(SidecarPath(csvPath), sidecar.ToJson());
        return dataset;
    }

    private sealed class Progress(IProgress<string> sink, string verb, int total) : IProgress<int>
    {
        private int _last;

        public void Report(int value)
        {
            // One line per tenth, not one per batch.
            if (value == total || value - _last >= Math.Max(1, total / 10))
            {
                _last = value;
                sink.Report($"{verb} {value:N0}/{total:N0} customers");
            }
        }
    }
}
