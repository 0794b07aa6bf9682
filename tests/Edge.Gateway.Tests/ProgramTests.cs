using Edge.Gateway.Tests.Support;
namespace Edge.Gateway.Tests;

[Collection(ConsoleCapture.Collection)]
public sealed class ProgramTests
{
    [Fact]
    public void AnUnknownCommandFailsWithoutAStackTrace()
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int exit;
        try
        {
            exit = Program.Main(["no-such-command"]);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.NotEqual(0, exit);
        Assert.Contains("no-such-command", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }
}
