using System.CommandLine;
using Edge.Gateway.Demo;
using Edge.Runtime.Config;

namespace Edge.Gateway.Commands;

/// <summary>`edge demo`: the daemon against simulated meters, one honest and two thieves, in accelerated time.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var speed = new Option<double>("--speed") { Description = "Demo seconds per wall-clock second (1440 plays the live day in a minute).", DefaultValueFactory = _ => 1440 };
        var keep = new Option<DirectoryInfo?>("--dir") { Description = "Keep the demo's database, config and model in this folder (default: a temporary folder, deleted)." };
        var command = new Command("demo", "Run the gateway against simulated DSMR meters and an S0 line: history, one live day, scoring, alerts.") { speed, keep };
        command.SetAction(async (parse, cancel) =>
        {
            var s = parse.GetValue(speed);
            if (!(s >= 1 && s <= 10_000))
            {
                Console.Error.WriteLine($"edge demo: --speed {s} is outside 1..10000");
                return Program.UsageError;
            }

            var options = new DemoOptions { Speed = s, Directory = parse.GetValue(keep)?.FullName };
            try
            {
                var alerts = await new DemoRunner(options, Console.Out).RunAsync(cancel).ConfigureAwait(false);
                return alerts is null ? Program.UsageError : 0;
            }
            catch (ConfigException e)
            {
                Console.Error.WriteLine($"edge demo: {e.Message}");
                return Program.UsageError;
            }
        });
        return command;
    }
}
