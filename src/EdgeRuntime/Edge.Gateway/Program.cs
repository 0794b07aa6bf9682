using System.CommandLine;

namespace Edge.Gateway;

/// <summary>
/// Dispatches to one command per file in Commands/. To add a command, write Commands/XCommand.cs with a static
/// Create() and add one line below.
/// </summary>
public static class Program
{
    /// <summary>Exit code for a configuration, bundle or argument that is not usable (the message says which and why).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for a file or device that could not be read or written.</summary>
    public const int IoError = 3;

    /// <summary>Exit code when the local daemon's API cannot be reached or refuses the request.</summary>
    public const int DaemonUnavailable = 4;

    public static int Main(string[] args)
    {
        var root = new RootCommand("edge: the theft-detection gateway daemon and its technician CLI.");
        root.Subcommands.Add(Commands.RunCommand.Create());
        root.Subcommands.Add(Commands.StatusCommand.Create());
        root.Subcommands.Add(Commands.MetersCommand.Create());
        root.Subcommands.Add(Commands.AlertsCommand.Create());
        root.Subcommands.Add(Commands.AckCommand.Create());
        root.Subcommands.Add(Commands.SelfTestCommand.Create());
        root.Subcommands.Add(Commands.ModelCommand.Create());
        root.Subcommands.Add(Commands.DemoCommand.Create());

        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                // One line per problem, naming the option; the full help would bury it. --help still prints the help.
                foreach (var error in parse.Errors)
                {
                    Console.Error.WriteLine($"edge: {error.Message} (see '{CommandPath(parse.CommandResult.Command)} --help')");
                }

                return UsageError;
            }

            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file or device could not be read or written (disk full, permissions, unplugged): the reason is enough.
            Console.Error.WriteLine($"edge: {e.Message}");
            return IoError;
        }
    }

    private static string CommandPath(Command command) => command is RootCommand
        ? "edge"
        : $"{(command.Parents.OfType<Command>().FirstOrDefault() is { } parent ? CommandPath(parent) : "edge")} {command.Name}";
}
