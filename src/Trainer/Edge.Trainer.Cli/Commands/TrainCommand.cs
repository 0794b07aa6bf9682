using System.CommandLine;
using Edge.ModelContract.Features;
using Edge.Trainer.Models;
using Edge.Trainer.Reports;
using Edge.Trainer.Training;

namespace Edge.Trainer.Cli.Commands;

/// <summary><c>trainer train</c>: trains one model on an SGCC-layout CSV and writes its report folder.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "SGCC-layout CSV (CONS_NO or CUSTOMER, FLAG, one column per day).", Required = true };
        var model = ModelOption();
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for report.json, report.html, plots, weights and feature spec.", Required = true };
        var cleaning = new Option<CleaningPolicy>("--cleaning") { Description = "Seed (missing to 0, raw kWh) or Zheng2018 (interpolate, cap, scale).", DefaultValueFactory = _ => CleaningPolicy.Zheng2018 };
        var window = new Option<int?>("--window-days") { Description = "Days of recent consumption the model scores (default: the model's)." };
        var channels = ChannelsOption();
        var epochs = new Option<int?>("--epochs") { Description = "Epochs (default: the seed notebook's for seed models)." };
        var batch = new Option<int?>("--batch-size") { Description = "Batch size (default: the model's)." };
        var steps = new Option<int?>("--steps-per-epoch")
        {
            Description = "Train each epoch on only the first N batches of its shuffled order (Keras's steps_per_epoch), to bound a very large model's run; the report marks it PARTIAL.",
        };
        steps.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is <= 0)
            {
                result.AddError("--steps-per-epoch must be a positive number of batches.");
            }
        });
        var seed = new Option<ulong>("--seed") { Description = "Seed of the split, initial weights and shuffling.", DefaultValueFactory = _ => 42 };
        var learningRate = new Option<float>("--learning-rate") { Description = "Adam's learning rate (Keras default 0.001).", DefaultValueFactory = _ => 1e-3f };
        var patience = new Option<int>("--patience") { Description = "Early-stopping patience on validation loss.", DefaultValueFactory = _ => 5 };
        var precision = new Option<double?>("--target-precision") { Description = "Choose the threshold reaching this precision on validation, instead of max F1." };
        var noBaseline = new Option<bool>("--no-baseline") { Description = "Skip the logistic-regression baseline." };
        var threads = ThreadsOption();

        var command = new Command("train", "Train a theft detector and report ROC-AUC, PR-AUC, MAP@k and F1 on held-out customers.")
        {
            data, model, output, cleaning, window, channels, epochs, batch, steps, seed, learningRate, patience, precision, noBaseline, threads,
        };
        command.SetAction(parse =>
        {
            ApplyThreads(parse.GetValue(threads));
            if (parse.GetValue(channels) is { } chosen && ModelCatalog.Get(parse.GetValue(model)!).ChannelsProblem(chosen) is { } problem)
            {
                Console.Error.WriteLine($"trainer: {problem}");
                return Program.UsageError;
            }

            var options = new TrainingOptions
            {
                DataFile = parse.GetValue(data)!.FullName,
                ModelName = parse.GetValue(model)!,
                OutputDirectory = parse.GetValue(output)!.FullName,
                Cleaning = parse.GetValue(cleaning),
                WindowDays = parse.GetValue(window),
                Channels = parse.GetValue(channels),
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                StepsPerEpoch = parse.GetValue(steps),
                Seed = parse.GetValue(seed),
                Patience = parse.GetValue(patience),
                LearningRate = parse.GetValue(learningRate),
                TargetPrecision = parse.GetValue(precision),
                Baseline = !parse.GetValue(noBaseline),
            };
            var outcome = TrainingRun.Run(options, new ConsoleTrainingProgress());
            Console.WriteLine(ReportTable.Render(outcome.Report));
            Console.WriteLine($"report: {Path.Combine(outcome.ReportDirectory, "report.html")}");
            return 0;
        });
        return command;
    }

    /// <summary>--model NAME, checked against the catalogue so a typo lists the known names.</summary>
    public static Option<string> ModelOption()
    {
        var option = new Option<string>("--model") { Description = $"Model: {string.Join(", ", ModelCatalog.Names)}.", DefaultValueFactory = _ => "gateway" };
        option.Validators.Add(result =>
        {
            var name = result.GetValueOrDefault<string>();
            if (!ModelCatalog.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                result.AddError($"unknown model '{name}'; known models: {string.Join(", ", ModelCatalog.Names)}");
            }
        });
        return option;
    }

    /// <summary>--channels kwh,missing-day,...: the feature spec's channel names, parsed at the command line.</summary>
    public static Option<FeatureChannels?> ChannelsOption() =>
        new("--channels")
        {
            HelpName = "names",
            Description = $"Feature channels per day, comma-separated: {FeatureChannelSet.Format(FeatureChannelSet.All)} (default: the model's).",
            CustomParser = result =>
            {
                try
                {
                    return FeatureChannelSet.Parse(result.Tokens.Single().Value);
                }
                catch (FormatException e)
                {
                    result.AddError(e.Message);
                    return null;
                }
            },
        };

    public static Option<int?> ThreadsOption() =>
        new("--threads") { Description = "Compute threads (default: all cores). Same seed and threads give identical weights." };

    public static void ApplyThreads(int? threads)
    {
        if (threads is { } n)
        {
            Edge.Engine.Kernels.ComputeSettings.ThreadCount = n;
        }
    }
}
