using System.CommandLine;

namespace Edge.Trainer.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Edge Trainer: trains, evaluates and packages theft-detection models.");
        return root.Parse(args).Invoke();
    }
}
