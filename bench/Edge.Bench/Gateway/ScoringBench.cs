using System.Globalization;
using Edge.MeterAdapter.Readings;
using Edge.ModelContract.Bundles;
using Edge.ModelContract.Features;
using Edge.Runtime.Alerts;
using Edge.Runtime.Daily;
using Edge.Runtime.Health;
using Edge.Runtime.Scoring;
using Edge.Runtime.Storage;
using Edge.Trainer.Evaluation;
using Edge.Trainer.Export;
using Edge.Trainer.Models;
using Microsoft.ML.OnnxRuntime;

namespace Edge.Bench.Gateway;

/// <summary>
/// Gateway scoring throughput (meters per second) on the catalog's `gateway` network in a real signed bundle:
///   bare ORT    - InferenceSession.Run on precomputed feature batches (the floor);
///   kernel      - FeaturePipeline.Transform alone for every meter, the part of the overhead that is feature code;
///   features    - MeterScoring from in-memory daily series: FeaturePipeline.Transform + OnnxModel + threshold checks;
///   plain loop  - FeaturePipeline.Transform into one buffer per batch and OnnxModel.Score, nothing else: what MeterScoring
///                 adds around the features (readiness count, lists, report) is the series path over this one;
///   full path   - MeterHistoryReader from the SQLite store (raw readings -> DailySeriesBuilder) + the above.
/// Overheads are relative to bare ORT on the same inputs and batch size, per round of <see cref="AlternatingRounds"/>
/// (the first three paths alternate in one loop). One ORT intra-op thread, as the gateway runs.
/// Arguments: [meters] [readings per meter-day] [window days] [channels, e.g. "all" or "kwh, missing-day"] [--no-store]
/// (skips the store path, which takes minutes to fill and read) [--batch N] (meters per ORT run, both paths; default
/// the daemon's <see cref="ScoringOptions.BatchSize"/>) [--seconds S] (time for the alternating rounds, default 8)
/// [--missing-days P] (P percent of meter-days without readings, default 0) [--bundle FILE] (score with that signed
/// bundle, e.g. the demo's int8 model, verified with the FILE's directory's *.pub key, instead of the float network
/// made here; its feature spec then sets the window and channels).
/// </summary>
internal static class ScoringBench
{
    public static int Run(string[] args)
    {
        var withStore = !args.Contains("--no-store");
        args = [.. args.Where(a => a != "--no-store")];
        var batchSize = Option(ref args, "--batch") ?? new ScoringOptions().BatchSize;
        var seconds = Option(ref args, "--seconds") ?? 8;
        var missingPercent = Option(ref args, "--missing-days") ?? 0;
        var bundleFile = TextOption(ref args, "--bundle");

        var meters = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var readingsPerDay = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 96;
        var windowDays = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 56;
        var channels = args.Length > 4
            ? args[4] == "all" ? FeatureChannelSet.All : FeatureChannelSet.Parse(args[4])
            : FeatureChannels.Kwh;
        var dir = Directory.CreateTempSubdirectory("edge-bench-scoring-").FullName;
        try
        {
            return Measure(dir, meters, readingsPerDay, windowDays, channels, withStore, batchSize, seconds, missingPercent, bundleFile);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int Measure(
        string dir, int meters, int readingsPerDay, int windowDays, FeatureChannels channels, bool withStore, int batchSize, int seconds, int missingPercent,
        string? bundleFile)
    {
        var verified = bundleFile is null ? MadeHere(windowDays, channels) : Load(bundleFile);
        windowDays = verified.Manifest.FeatureSpec.WindowDays;
        channels = verified.Manifest.FeatureSpec.Channels;
        using var onnx = OnnxModel.Load(verified);
        var model = new ScoringModel(verified.Manifest with { Threshold = 2f }, onnx); // no alerts: scoring cost only
        var spec = verified.Manifest.FeatureSpec;
        var options = new ScoringOptions { BatchSize = batchSize };

        var now = new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
        var lastDay = new DateOnly(2026, 11, 23);
        var firstDay = lastDay.AddDays(1 - windowDays);
        var path = Path.Combine(dir, "gateway.db");
        using var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = path });
        FillStore(store, meters, readingsPerDay, firstDay, now, missingPercent);
        using var alerts = AlertStore.Open(new AlertStoreOptions { DatabasePath = path });
        var provider = new FixedModel(model);
        var scoring = new MeterScoring(alerts, new FaultBoard(TimeProvider.System), options);
        var reader = new MeterHistoryReader(store, _ => new DailySeriesOptions(), () => []);

        var series = reader.ReadAll(firstDay, lastDay, now, windowDays).Select(h => h.Daily).ToList();
        var features = new float[series.Count * spec.FeatureLength];
        void Kernel()
        {
            for (var m = 0; m < series.Count; m++)
            {
                FeaturePipeline.Transform(spec, series[m].Kwh, features.AsSpan(m * spec.FeatureLength, spec.FeatureLength));
            }
        }

        Kernel();

        using var bare = new BareSession(verified, spec.FeatureLength);
        void BareOrt()
        {
            for (var start = 0; start < series.Count; start += options.BatchSize)
            {
                bare.Run(features, start, Math.Min(options.BatchSize, series.Count - start));
            }
        }

        void FromSeries()
        {
            if (scoring.Run(provider, model, series, now).MetersScored != series.Count)
            {
                throw new InvalidOperationException("not every meter was scored");
            }
        }

        void FullPath() => scoring.Run(provider, model, [.. reader.ReadAll(firstDay, lastDay, now, windowDays).Select(h => h.Daily)], now);

        var batchBuffer = new float[options.BatchSize * spec.FeatureLength];
        void PlainLoop()
        {
            for (var start = 0; start < series.Count; start += options.BatchSize)
            {
                var count = Math.Min(options.BatchSize, series.Count - start);
                for (var i = 0; i < count; i++)
                {
                    FeaturePipeline.Transform(spec, series[start + i].Kwh, batchBuffer.AsSpan(i * spec.FeatureLength, spec.FeatureLength));
                }

                model.Onnx.Score(batchBuffer.AsMemory(0, count * spec.FeatureLength), count);
            }
        }

        // The in-memory paths alternate in one loop of rounds (AlternatingRounds), so a change of load between rounds
        // hits them alike; the ratios are per round. The store path takes seconds a call and is timed apart.
        const int Bare = 0, Series = 1, Features = 2, Plain = 3;
        var rounds = AlternatingRounds.Measure([BareOrt, FromSeries, Kernel, PlainLoop], budgetSeconds: seconds);
        Timing.Result? fullTime = withStore ? Timing.Measure(FullPath, budgetSeconds: 3, minRepetitions: 3) : null;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Gateway scoring, {meters} meters, window {windowDays} days, channels {FeatureChannelSet.Format(channels)} ({spec.FeatureLength} feature values), batch {options.BatchSize}, model {verified.Manifest.ModelId} ({verified.Manifest.Model.Precision}), {readingsPerDay} stored readings per meter-day, {missingPercent} % of meter-days unread ({series.Sum(x => x.Kwh.Count(float.IsNaN))} missing days in all), 1 ORT thread;"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {rounds.Rounds} alternating rounds (bare ORT, series path, features alone, plain loop; a random order every round), CPU time per round, medians and quartiles over rounds:"));
        Report("bare ORT Run", Bare);
        Report("series -> features -> ORT", Series);
        Ratio("overhead over bare ORT (CPU)", Series, -1);
        Report("features alone (FeaturePipeline)", Features);
        Ratio("share of bare ORT's CPU", Features, 0);
        Report("plain loop: features + OnnxModel", Plain);
        Ratio("over bare ORT (CPU)", Plain, -1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  series path over the plain loop (MeterScoring around the features):"));
        var (low, median, high) = rounds.CpuRatio(Series, Plain);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    median {(median - 1) * 100:F1} %, quartiles {(low - 1) * 100:F1} % to {(high - 1) * 100:F1} %"));
        if (fullTime is { } full)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {"store -> series -> features -> ORT",-36} {meters / full.CpuSeconds,9:F0} meters per CPU-second ({meters / full.WallSeconds:F0}/s wall), timed apart: {(full.CpuSeconds / rounds.MedianCpu(Bare) - 1) * 100:F1} % CPU over bare ORT's median"));
        }

        return 0;

        void Report(string name, int path) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-36} {meters / rounds.MedianCpu(path),9:F0} meters per CPU-second ({meters / rounds.MedianWall(path):F0}/s wall)"));

        void Ratio(string name, int path, double offset)
        {
            var (low, median, high) = rounds.CpuRatio(path, Bare);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {name}: median {(median + offset) * 100:F1} %, quartiles {(low + offset) * 100:F1} % to {(high + offset) * 100:F1} %"));
        }
    }

    /// <summary>The integer after <paramref name="name"/>, taken out of <paramref name="args"/>; null when absent.</summary>
    private static int? Option(ref string[] args, string name) =>
        TextOption(ref args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    /// <summary>The text after <paramref name="name"/>, taken out of <paramref name="args"/>; null when absent.</summary>
    private static string? TextOption(ref string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        if (at < 0)
        {
            return null;
        }

        var value = args[at + 1];
        args = [.. args[..at], .. args[(at + 2)..]];
        return value;
    }

    private static VerifiedBundle MadeHere(int windowDays, FeatureChannels channels)
    {
        using var key = BundleSigningKey.Generate();
        using var trusted = BundlePublicKey.FromPem(key.ExportPublicKeyPem(), "bench");
        return ModelBundle.Verify(GatewayBundle(key, windowDays, channels), [trusted]);
    }

    /// <summary>A bundle from disk, verified with the public keys (*.pub) in its directory.</summary>
    private static VerifiedBundle Load(string file)
    {
        var keys = Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(file))!, "*.pub")
            .Select(pub => BundlePublicKey.FromPem(File.ReadAllText(pub), Path.GetFileName(pub)))
            .ToList();
        try
        {
            return ModelBundle.Verify(File.ReadAllBytes(file), keys);
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }
    }

    /// <summary>A signed bundle of the catalog's gateway network (seeded, untrained: cost does not depend on the weights).</summary>
    private static byte[] GatewayBundle(BundleSigningKey key, int windowDays, FeatureChannels channels)
    {
        var entry = ModelCatalog.Get("gateway");
        var network = entry.Create();
        var spec = new FeatureSpec { WindowDays = windowDays, Channels = channels };
        var shape = entry.InputShape(spec);
        network.Build(shape, 2);
        var test = DetectionMetrics.Compute([0.1f, 0.9f, 0.4f, 0.7f], [0, 1, 0, 1], 0.5f);
        var source = new RunBundle.BundleSource(spec, [.. shape.Dimensions], test, 2);
        return RunBundle.Create(source, OnnxExporter.ExportBytes(network), "bench-gateway", 1, key, TimeProvider.System);
    }

    /// <summary>Register readings at even intervals from the first day's midnight to the run, with a daily shape per meter.</summary>
    /// <param name="missingPercent">Percent of meter-days (seeded per meter) without any reading: the meter was off or
    /// unreachable, so the daily builder leaves those days missing, as real windows have them.</param>
    private static void FillStore(ReadingStore store, int meters, int readingsPerDay, DateOnly firstDay, DateTimeOffset now, int missingPercent)
    {
        var start = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var step = TimeSpan.FromDays(1) / readingsPerDay;
        var batch = new List<MeterReading>(10_000);
        for (var m = 0; m < meters; m++)
        {
            long wh = 1_000_000 * m;
            var random = new Random(m);
            var silentDay = -1;
            for (var at = start; at <= now; at += step)
            {
                var day = (int)(at - start).TotalDays;
                if (at.TimeOfDay < step && random.Next(100) < missingPercent)
                {
                    silentDay = day;
                }

                if (day == silentDay)
                {
                    wh += (long)(100 * step.TotalHours * 10); // consumed, but not read
                    continue;
                }

                var hour = at.Hour;
                wh += (long)((50 + (m % 13 * 10) + (hour is >= 17 and <= 21 ? 120 : 0)) * step.TotalHours * 10);
                batch.Add(new MeterReading
                {
                    MeterId = string.Create(CultureInfo.InvariantCulture, $"E{m:D4}"),
                    Protocol = MeterProtocol.DsmrP1,
                    GatewayTime = at,
                    Energy = new EnergyRegisters { ImportTotalWh = wh },
                });
                if (batch.Count == batch.Capacity)
                {
                    store.Append(batch);
                    batch.Clear();
                }
            }
        }

        store.Append(batch);
    }

    private sealed class FixedModel(ScoringModel model) : IModelProvider
    {
        public ScoringModel? Active => model;

        public void ReportOutcome(ScoringModel model, ModelRunOutcome outcome)
        {
        }
    }

    /// <summary>The floor: one InferenceSession, inputs wrapped in place as OrtValues, no copies.</summary>
    private sealed class BareSession : IDisposable
    {
        private readonly InferenceSession _session;
        private readonly RunOptions _run = new();
        private readonly long[] _sampleShape;
        private readonly string _input;
        private readonly string _output;
        private readonly int _width;

        public BareSession(VerifiedBundle bundle, int width)
        {
            using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
            _session = new InferenceSession(bundle.Model, options);
            _sampleShape = [.. bundle.Manifest.Model.InputShape.Select(d => (long)d)];
            _input = bundle.Manifest.Model.InputName;
            _output = bundle.Manifest.Model.OutputName;
            _width = width;
        }

        public void Run(float[] features, int start, int count)
        {
            var memory = features.AsMemory(start * _width, count * _width);
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, memory, [count, .. _sampleShape]);
            using var outputs = _session.Run(_run, [_input], [input], [_output]);
            if (outputs[0].GetTensorDataAsSpan<float>().Length != count)
            {
                throw new InvalidOperationException("one score per meter expected");
            }
        }

        public void Dispose()
        {
            _run.Dispose();
            _session.Dispose();
        }
    }
}
