using System.CommandLine;
using Edge.ModelContract.Features;
using Edge.Trainer.Models;

namespace Edge.Trainer.Cli.Commands;

/// <summary><c>trainer summary</c>: the Keras-style table of a model for a given number of days, without data.</summary>
internal static class SummaryCommand
{
    public static Command Create()
    {
        var model = TrainCommand.ModelOption();
        var days = new Option<int>("--days") { Description = "Days in the data set (SGCC has 1,034).", DefaultValueFactory = _ => 1034 };
        var window = new Option<int?>("--window-days") { Description = "Days the model scores (default: the model's)." };
        var all = new Option<bool>("--all") { Description = "Summarise every model in the catalogue." };
        var command = new Command("summary", "Print a model's layers, output shapes and parameter counts (Keras's model.summary()).") { model, days, window, all };
        command.SetAction(parse =>
        {
            var names = parse.GetValue(all) ? ModelCatalog.Names.ToList() : [parse.GetValue(model)!];
            foreach (var name in names)
            {
                var definition = ModelCatalog.Get(name);
                var spec = definition.FeatureSpecFor(parse.GetValue(days), CleaningPolicy.Zheng2018, parse.GetValue(window));
                var network = definition.Create();
                network.Build(definition.InputShape(spec), seed: 0);
                Console.WriteLine($"{definition.Name}: {definition.Description}");
                Console.WriteLine($"input: {spec.WindowDays} days, {spec.Layout} layout, channels {spec.Channels}, shape {definition.InputShape(spec)}; {network.ForwardMacsPerSample:N0} MACs per customer");
                Console.WriteLine(network.Summary());
            }

            return 0;
        });
        return command;
    }
}
