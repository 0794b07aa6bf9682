using System.CommandLine;
using System.Diagnostics;
using Edge.Trainer.Models;
using Edge.Trainer.Reports;
using Edge.Trainer.Synthetic;
using Edge.Trainer.Training;

namespace Edge.Trainer.Cli.Commands;

/// <summary>
/// <c>trainer demo</c>: the embedded default. Generates a synthetic SGCC-format data set, trains the compact gateway
/// model, reports it honestly, and lists the held-out customers it would send a technician to, with what the
/// synthetic thieves actually did.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "Synthetic customers.", DefaultValueFactory = _ => 8000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the data and the training.", DefaultValueFactory = _ => 7 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the data and the report.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "demo")) };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs (default: the gateway model's)." };
        var top = new Option<int>("--top") { Description = "Flagged customers to list.", DefaultValueFactory = _ => 15 };
        var command = new Command("demo", "Generate synthetic meters, train the gateway model, and show whom it flags.") { customers, seed, output, epochs, top };
        command.SetAction(parse =>
        {
            var clock = Stopwatch.StartNew();
            var directory = parse.GetValue(output)!.FullName;
            var csv = Path.Combine(directory, "synthetic.csv");
            Console.Error.WriteLine($"trainer: generating {parse.GetValue(customers):N0} synthetic customers into {csv}");
            SyntheticFiles.Write(new SynthOptions { Customers = parse.GetValue(customers), Seed = parse.GetValue(seed) }, csv);

            var options = new TrainingOptions
            {
                DataFile = csv,
                ModelName = "gateway",
                OutputDirectory = directory,
                Seed = parse.GetValue(seed),
                Epochs = parse.GetValue(epochs),
            };
            var outcome = TrainingRun.Run(options, new ConsoleTrainingProgress());
            Console.WriteLine();
            Console.WriteLine(ReportTable.Render(outcome.Report));
            PrintFlagged(outcome, csv, parse.GetValue(top));
            Console.WriteLine($"report: {Path.Combine(directory, "report.html")} ({clock.Elapsed.TotalSeconds:F0} s in all)");
            return 0;
        });
        return command;
    }

    private static void PrintFlagged(TrainingOutcome outcome, string csv, int top)
    {
        var sidecar = TheftSidecar.FromJson(File.ReadAllText(SyntheticFiles.SidecarPath(csv)));
        var attacks = sidecar.Thieves.ToDictionary(t => t.Row);
        var scores = outcome.TestScores;
        var threshold = outcome.Report.Test.Threshold;
        var ranked = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).Take(top).ToList();
        Console.WriteLine($"Top {ranked.Count} of {scores.Length:N0} held-out customers by theft score (flagged at >= {threshold:F3}):");
        Console.WriteLine("  rank  row    score  flagged  truth");
        for (var rank = 0; rank < ranked.Count; rank++)
        {
            var i = ranked[rank];
            var row = outcome.Data.Test.Customers[i];
            var truth = attacks.TryGetValue(row, out var attack)
                ? $"thief: {attack.Family} from {attack.StartDate:yyyy-MM-dd} for {attack.Days} days"
                : "honest";
            Console.WriteLine($"  {rank + 1,4}  {row,5}  {scores[i],6:F3}  {(scores[i] >= threshold ? "yes" : "no"),7}  {truth}");
        }
    }
}
