using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Edge.Gateway.Tests.Hosting;

/// <summary>
/// <c>edge run</c> as its own process, as systemd starts it: what a technician sees in the terminal or the journal
/// (the console logger writes on a thread of its own, so only the whole process's output shows all of it).
/// </summary>
public sealed class RunCommandProcessTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-run-proc-").FullName;

    [Fact]
    public async Task A_listen_address_in_use_exits_3_with_one_edge_line_naming_the_key_and_no_stack_trace()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var configPath = Path.Combine(_dir, "gateway.json");
        File.WriteAllText(configPath, $$"""
            {
              "gatewayId": "gw-port",
              "dataDirectory": "data",
              "meters": [ { "id": "house", "protocol": "dsmr", "device": "{{Path.Combine(_dir, "no-such-tty")}}" } ],
              "api": { "listenUrl": "http://127.0.0.1:{{port}}" }
            }
            """);

        var (exit, output, error) = await RunAsync("run", "--config", configPath);

        Assert.Equal(Program.IoError, exit);
        Assert.Equal(
            [$"edge: {configPath}: api.listenUrl: Failed to bind to address http://127.0.0.1:{port}: address already in use. Stop the other process or choose another port."],
            error.TrimEnd().Split('\n'));
        // The host's own record of the failure (with Kestrel's and the socket's frames) is not shown at the default level.
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", output, StringComparison.Ordinal);
    }

    /// <summary>Runs the built edge.dll with the test's dotnet host and waits for it to exit, within <see cref="Limit"/>.</summary>
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "edge.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("NOTIFY_SOCKET"); // a test run under systemd must not make the daemon report to it
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start edge");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"edge {string.Join(' ', args)} did not exit within {Limit}");
        }

        return (process.ExitCode, await output, await error);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
