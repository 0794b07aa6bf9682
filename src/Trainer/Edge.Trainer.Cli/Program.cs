using System.CommandLine;
using Edge.Trainer.Cli.Commands;
using Edge.Trainer.Data;

namespace Edge.Trainer.Cli;

/// <summary>
/// Dispatches to one command per file in Commands/. To add a command, write Commands/XCommand.cs with a static
/// Create() and add one line below.
/// </summary>
public static class Program
{
    /// <summary>Exit code for a command line that does not parse (unknown model, missing option, bad value).</summary>
    public const int UsageError = 1;

    /// <summary>Exit code for unusable input data (a <see cref="DataFileException"/>).</summary>
    public const int DataError = 2;

    /// <summary>Exit code for a file that could not be read or written.</summary>
    public const int IoError = 3;

    public static int Main(string[] args)
    {
        var root = new RootCommand("Edge Trainer: trains, evaluates and packages theft-detection models.");
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(SummaryCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(KeygenCommand.Create());
        root.Subcommands.Add(BundleCommand.Create());
        root.Subcommands.Add(QuantizeCommand.Create());

        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                // One line per problem; the full help would bury it. --help still prints the help.
                foreach (var error in parse.Errors)
                {
                    Console.Error.WriteLine($"trainer: {error.Message}");
                }

                Console.Error.WriteLine($"trainer: see '{CommandPath(parse.CommandResult.Command)} --help'");
                return UsageError;
            }

            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (DataFileException e)
        {
            // The message names file, line and column; a stack trace would only hide it.
            Console.Error.WriteLine($"trainer: {e.Message}");
            return DataError;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or Edge.Engine.Models.Checkpoints.CheckpointException)
        {
            // A run folder or model file that is not what it claims to be: say which and why.
            Console.Error.WriteLine($"trainer: {e.Message}");
            return DataError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file could not be written or read (disk full, permissions): the reason is enough.
            Console.Error.WriteLine($"trainer: {e.Message}");
            return IoError;
        }
    }

    /// <summary>"trainer train" for the train command, "trainer" for the root.</summary>
    private static string CommandPath(Command command) =>
        command is RootCommand ? "trainer" : $"trainer {command.Name}";
}
