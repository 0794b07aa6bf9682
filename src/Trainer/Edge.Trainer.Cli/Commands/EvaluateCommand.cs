using System.CommandLine;
using System.Globalization;
using Edge.Trainer.Data;
using Edge.Trainer.Training;

namespace Edge.Trainer.Cli.Commands;

/// <summary><c>trainer evaluate</c>: scores a trained run on a data file at the run's own threshold.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var run = new Option<DirectoryInfo>("--run") { Description = "Folder written by 'trainer train'.", Required = true };
        var data = new Option<FileInfo>("--data") { Description = "SGCC-layout CSV to score (default: the run's training file, held-out customers only)." };
        var all = new Option<bool>("--all") { Description = "Score every customer in the file, not only the run's held-out test customers." };
        var command = new Command("evaluate", "Score a trained model on a data file and print the metrics at its validation threshold.") { run, data, all };
        command.SetAction(parse =>
        {
            var trained = RunEvaluation.Load(parse.GetValue(run)!.FullName);
            var file = parse.GetValue(data)?.FullName ?? trained.Report.DataFile;
            var heldOut = !parse.GetValue(all) && string.Equals(Path.GetFullPath(file), Path.GetFullPath(trained.Report.DataFile), StringComparison.Ordinal);
            var metrics = RunEvaluation.Evaluate(trained, SgccCsvReader.Read(file).Dataset, heldOut);
            Console.WriteLine($"{trained.Report.Model} on {file} ({(heldOut ? "held-out test customers" : "all customers")}), threshold {metrics.Threshold.ToString("F4", CultureInfo.InvariantCulture)}:");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  customers {metrics.Customers} ({metrics.Thieves} thieves)  ROC-AUC {metrics.RocAuc:F4}  PR-AUC {metrics.PrAuc:F4}  MAP@100 {metrics.MapAt100:F4}  MAP@200 {metrics.MapAt200:F4}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  accuracy {metrics.Accuracy:F4}  precision {metrics.Precision:F4}  recall {metrics.Recall:F4}  F1 {metrics.F1:F4}  TP {metrics.Confusion.TruePositives} FP {metrics.Confusion.FalsePositives} FN {metrics.Confusion.FalseNegatives} TN {metrics.Confusion.TrueNegatives}"));
            return 0;
        });
        return command;
    }
}
