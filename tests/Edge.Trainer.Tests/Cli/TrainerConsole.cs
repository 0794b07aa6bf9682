using Edge.Trainer.Cli;

namespace Edge.Trainer.Tests.Cli;

/// <summary>
/// Runs <c>trainer</c> in process with Console.Out and Console.Error captured. Console is process-wide, so every test
/// that uses it sits in one collection that runs alone.
/// </summary>
internal static class TrainerConsole
{
    public const string Collection = "trainer console";

    public static (int Exit, string Output, string[] ErrorLines) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (originalOut, originalError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exit = Program.Main(args);
            return (exit, output.ToString(), error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}

[CollectionDefinition(TrainerConsole.Collection, DisableParallelization = true)]
public sealed class TrainerConsoleCollection;
