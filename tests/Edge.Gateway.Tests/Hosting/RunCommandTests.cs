using Edge.Gateway.Tests.Support;

namespace Edge.Gateway.Tests.Hosting;

[Collection(ConsoleCapture.Collection)]
public sealed class RunCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-run-").FullName;

    [Fact]
    public void A_bad_config_exits_with_code_2_and_one_line_per_problem_without_a_stack_trace()
    {
        var path = Path.Combine(_dir, "gateway.json");
        File.WriteAllText(path, """
            {
              "gatewayId": "gw-1",
              "dataDirectory": "data",
              "meters": [
                { "id": "house", "protocol": "dsmr", "device": "/dev/ttyUSB0", "baudRate": 12345 }
              ],
              "storage": { "rawRetentionDays": 0 }
            }
            """);

        var (exit, _, error) = ConsoleCapture.Run(() => Program.Main(["run", "--config", path]));

        Assert.Equal(Program.UsageError, exit);
        Assert.Equal(
            [
                $"{path}:5: meters[0].baudRate: 12345 is not a supported rate (300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)",
                $"{path}:7: storage.rawRetentionDays: 0 is out of range (1 to 36500 days)",
            ],
            error.TrimEnd().Split(Environment.NewLine));
        Assert.False(Directory.Exists(Path.Combine(_dir, "data")), "nothing may start from a rejected config");
    }

    [Fact]
    public void An_unknown_key_exits_with_code_2_naming_it()
    {
        var path = Path.Combine(_dir, "gateway.json");
        File.WriteAllText(path, """{ "gatewayId": "gw-1", "dataDirectory": "d", "meters": [], "api": { "listen": "x" } }""");

        var (exit, _, error) = ConsoleCapture.Run(() => Program.Main(["run", "--config", path]));

        Assert.Equal(Program.UsageError, exit);
        Assert.StartsWith($"{path}:1: api", error, StringComparison.Ordinal);
        Assert.Contains("unknown key 'listen'", error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
