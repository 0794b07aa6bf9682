using System.CommandLine;
using Edge.Trainer.Synthetic;

namespace Edge.Trainer.Cli.Commands;

/// <summary><c>trainer synth</c>: writes a synthetic SGCC-layout CSV and its sidecar of thieves' attacks.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var defaults = new SynthOptions();
        var customers = new Option<int>("--customers") { Description = "Number of customers (rows).", DefaultValueFactory = _ => defaults.Customers };
        var days = new Option<int>("--days") { Description = "Number of daily columns.", DefaultValueFactory = _ => defaults.Days };
        var firstDay = new Option<DateOnly>("--first-day") { Description = "Date of the first column.", DefaultValueFactory = _ => defaults.FirstDay };
        var share = new Option<double>("--positive-share") { Description = "Share of thieves (FLAG = 1).", DefaultValueFactory = _ => defaults.PositiveShare };
        var seed = new Option<ulong>("--seed") { Description = "Random seed; the same seed gives the same bytes.", DefaultValueFactory = _ => defaults.Seed };
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write; FILE.thieves.json is written next to it.", Required = true };

        customers.Validators.Add(r => Check(r.GetValueOrDefault<int>() >= 1, r, "--customers must be at least 1"));
        days.Validators.Add(r => Check(r.GetValueOrDefault<int>() >= 14, r, "--days must be at least 14"));
        share.Validators.Add(r => Check(r.GetValueOrDefault<double>() is >= 0 and <= 1, r, "--positive-share must lie in [0, 1]"));

        var command = new Command("synth", "Generate a synthetic SGCC-like data set (households, Jokar et al. 2016 theft attacks, SGCC-like gaps).")
        {
            customers, days, firstDay, share, seed, output,
        };

        command.SetAction(parse =>
        {
            var options = new SynthOptions
            {
                Customers = parse.GetValue(customers),
                Days = parse.GetValue(days),
                FirstDay = parse.GetValue(firstDay),
                PositiveShare = parse.GetValue(share),
                Seed = parse.GetValue(seed),
            };
            var path = parse.GetValue(output)!.FullName;
            var progress = options.Customers >= 10_000 ? new StderrProgress() : null;
            var dataset = SyntheticFiles.Write(options, path, progress);
            Console.WriteLine($"wrote {path}: {dataset.Count:N0} customers ({dataset.PositiveCount:N0} thieves) x {dataset.Days:N0} days; attacks in {SyntheticFiles.SidecarPath(path)}");
            return 0;
        });

        return command;
    }

    private static void Check(bool ok, System.CommandLine.Parsing.OptionResult result, string message)
    {
        if (!ok)
        {
            result.AddError(message);
        }
    }

    private sealed class StderrProgress : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine($"synth: {value}");
    }
}
