namespace Edge.Gateway.Tests.Support;

/// <summary>Runs a command with Console.Out and Console.Error captured. Console is process-wide: tests using it share one collection.</summary>
internal static class ConsoleCapture
{
    public const string Collection = "console";

    public static (int Exit, string Output, string Error) Run(Func<int> command)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (originalOut, originalError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (command(), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}

[CollectionDefinition(ConsoleCapture.Collection, DisableParallelization = true)]
public sealed class ConsoleCollection;
