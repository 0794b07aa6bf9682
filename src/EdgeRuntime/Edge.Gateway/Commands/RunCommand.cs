using System.CommandLine;
using Edge.Gateway.Hosting;
using Edge.Runtime.Config;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Data.Sqlite;

namespace Edge.Gateway.Commands;

/// <summary>`edge run --config FILE`: the daemon. A config problem is printed as file:line: key: reason and exits 2.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config", "-c")
        {
            Description = "The gateway's JSON config file (see docs/gateway-config.md).",
            Required = true,
        };
        var command = new Command("run", "Run the gateway daemon: read the meters, store, score, alert, serve the API.") { config };
        command.SetAction(parse => Run(parse.GetValue(config)!.FullName));
        return command;
    }

    private static int Run(string path)
    {
        GatewayConfig config;
        try
        {
            config = GatewayConfigLoader.Load(path);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine(e.Message);
            return Program.UsageError;
        }

        try
        {
            using var app = GatewayApp.Build(config);
            app.Run();
            return 0;
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            // Another process (often a second daemon) holds the address: Kestrel's message names it; say which key sets it.
            Console.Error.WriteLine($"edge: {path}: api.listenUrl: {e.Message} Stop the other process or choose another port.");
            return Program.IoError;
        }
        catch (Exception e) when (e is SqliteException or InvalidDataException)
        {
            // The database cannot be opened or has a schema this build does not know: say which file and why.
            Console.Error.WriteLine($"edge: {config.DatabasePath}: {e.Message}");
            return Program.IoError;
        }
    }
}
