using System.Diagnostics;
using Edge.Trainer.Data;
using Edge.Trainer.Synthetic;

namespace Edge.Bench;

/// <summary>
/// SGCC CSV loading (docs/benchmarks.md, "Trainer: SGCC CSV loading"). <c>csv</c> writes a full-size synthetic SGCC
/// file (42,372 customers x 1,034 days, like the real data set) when it is absent, then loads it three times, each in
/// a fresh child process (<c>csv-load</c>) so that the peak working set is the load's own and not the generator's.
/// The file is $EDGE_BENCH_CSV, by default /tmp/sgcc-bench/sgcc-synth-42372x1034.csv (the dispatcher reads the
/// second argument as thread counts, so the path is not an argument).
/// </summary>
internal static class CsvLoadBench
{
    public const int Customers = 42_372;
    public const int Days = 1_034;

    private const string FileVariable = "EDGE_BENCH_CSV";

    private static string File =>
        Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } path
            ? path
            : Path.Combine(Path.GetTempPath(), "sgcc-bench", $"sgcc-synth-{Customers}x{Days}.csv");

    public static int Run()
    {
        var file = File;
        if (!System.IO.File.Exists(file))
        {
            Console.WriteLine($"generating {file}");
            SyntheticFiles.Write(new SynthOptions { Customers = Customers, Days = Days, Seed = 42 }, file);
        }

        Console.WriteLine(FormattableString.Invariant($"{file}: {new FileInfo(file).Length:N0} bytes"));
        for (var run = 1; run <= 3; run++)
        {
            using var child = Process.Start(ChildStart(file)) ?? throw new InvalidOperationException("cannot start the load process");
            Console.Write(FormattableString.Invariant($"run {run}: {child.StandardOutput.ReadToEnd()}"));
            child.WaitForExit();
            if (child.ExitCode != 0)
            {
                return child.ExitCode;
            }
        }

        return 0;
    }

    /// <summary>One load in this process: wall and CPU seconds, peak working set, bytes allocated.</summary>
    public static int Load()
    {
        var file = File;
        var cpu0 = CpuClock.Seconds;
        var clock = Stopwatch.StartNew();
        var sgcc = SgccCsvReader.Read(file);
        var wall = clock.Elapsed.TotalSeconds;
        var cpu = CpuClock.Seconds - cpu0;
        using var self = Process.GetCurrentProcess();
        var mib = 1024.0 * 1024.0;
        Console.WriteLine(FormattableString.Invariant(
            $"{sgcc.Dataset.Count:N0} x {sgcc.Dataset.Days:N0} in {wall:F2} s wall, {cpu:F2} s CPU; peak working set {self.PeakWorkingSet64 / mib:N0} MiB, allocated {GC.GetTotalAllocatedBytes() / mib:N0} MiB"));
        return 0;
    }

    private static ProcessStartInfo ChildStart(string file)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            // Started as `dotnet Edge.Bench.dll`: the child needs the assembly path too.
            start.ArgumentList.Add(typeof(CsvLoadBench).Assembly.Location);
        }

        start.ArgumentList.Add("csv-load");
        start.Environment[FileVariable] = file;
        return start;
    }
}
