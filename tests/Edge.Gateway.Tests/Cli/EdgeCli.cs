using Edge.Gateway.Tests.Support;

namespace Edge.Gateway.Tests.Cli;

/// <summary>Runs the edge CLI in-process and returns its exit code, stdout and stderr (in <see cref="ConsoleCapture.Collection"/>).</summary>
internal static class EdgeCli
{
    public static (int Exit, string Out, string Error) Run(params string[] args) => ConsoleCapture.Run(() => Program.Main(args));
}
