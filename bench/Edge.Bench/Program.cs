using System.Globalization;
using Edge.Bench;

// Edge.Bench: measurements behind docs/benchmarks.md. Run in Release:
//   dotnet run -c Release --project bench/Edge.Bench -- peak | sgemm [threads,...] [name filter] | conv [threads,...] | train [threads,...] [model filter] | recurrent [threads,...] | scoring [meters] [readings per meter-day] [window days] [channels|all] [--no-store] | upkeep [meters] [--covering-index] | daily-scoring [meters] [days]
var command = args.Length > 0 ? args[0] : "";
var threadCounts = args.Length > 1
    ? args[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList()
    : [1, Math.Min(2, Environment.ProcessorCount)];
threadCounts = [.. threadCounts.Distinct()];

switch (command)
{
    case "peak":
        foreach (var t in threadCounts.Append(Environment.ProcessorCount).Distinct())
        {
            var (wall, perCpu) = FmaPeak.Measure(t);
            Console.WriteLine(FormattableString.Invariant($"FMA peak ({FmaPeak.Width}), {t} thread(s): {wall:F1} GFLOP/s wall, {perCpu:F1} GFLOP per CPU-second"));
        }

        return 0;
    case "conv":
        ConvolutionBench.Run(threadCounts);
        return 0;
    case "sgemm":
        SgemmBench.Run(threadCounts, args.Length > 2 ? args[2] : "");
        return 0;
    case "dsmr":
        return Edge.Bench.Meters.DsmrDecoderBench.Run();
    case "scoring":
        return Edge.Bench.Gateway.ScoringBench.Run(args);
    case "upkeep":
        return Edge.Bench.Gateway.UpkeepBench.Run(args);
    case "daily-scoring":
        return Edge.Bench.Gateway.DailyScoringBench.Run(args);
    case "csv":
        return CsvLoadBench.Run();
    case "csv-load":
        return CsvLoadBench.Load();
    case "recurrent":
        RecurrentBench.Run(threadCounts);
        return 0;
    case "train":
        TrainBench.Run(threadCounts, args.Length > 2 ? args[2] : "");
        return 0;
    default:
        Console.Error.WriteLine("usage: Edge.Bench peak|sgemm|conv|dsmr|train|recurrent|scoring|upkeep|daily-scoring [thread counts, e.g. 1,2] [product or model name filter]");
        return 2;
}
