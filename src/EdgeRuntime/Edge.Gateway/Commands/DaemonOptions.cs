using System.CommandLine;
using Edge.Gateway.Api;
using Edge.Runtime.Config;

namespace Edge.Gateway.Commands;

/// <summary>
/// What every command that talks to the running daemon takes: where it listens (--url, else the config file's
/// api.listenUrl, else http://127.0.0.1:8080), the token (--token, else EDGE_TOKEN) and --json for the daemon's own JSON.
/// </summary>
internal sealed class DaemonOptions
{
    public const string TokenVariable = "EDGE_TOKEN";

    public const string DefaultUrl = "http://127.0.0.1:8080";

    public const string DefaultConfigPath = "/etc/edge/gateway.json";

    public Option<string?> Url { get; } = new("--url") { Description = $"The daemon's API address (default: api.listenUrl of --config, else {DefaultUrl})." };

    public Option<string?> Token { get; } = new("--token") { Description = $"API token (default: the {TokenVariable} environment variable)." };

    public Option<string> Config { get; } = new("--config") { Description = "The gateway's config file, read only for its api.listenUrl.", DefaultValueFactory = _ => DefaultConfigPath };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the daemon's JSON answer instead of a table." };

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Token);
        command.Options.Add(Config);
        command.Options.Add(Json);
    }

    /// <summary>
    /// Runs <paramref name="action"/> with a client for the daemon; a daemon that cannot be reached or refuses gives
    /// <see cref="Program.DaemonUnavailable"/> with the reason on stderr, an unreadable config file <see cref="Program.UsageError"/>.
    /// </summary>
    public async Task<int> RunAsync(ParseResult parse, Func<DaemonClient, bool, Task<int>> action)
    {
        Uri url;
        try
        {
            url = BaseUrl(parse);
        }
        catch (Exception e) when (e is ConfigException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"edge: {e.Message}").ConfigureAwait(false);
            return Program.UsageError;
        }

        var token = parse.GetValue(Token) ?? Environment.GetEnvironmentVariable(TokenVariable);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        try
        {
            return await action(new DaemonClient(http, url, token), parse.GetValue(Json)).ConfigureAwait(false);
        }
        catch (DaemonUnavailableException e)
        {
            await Console.Error.WriteLineAsync($"edge: {e.Message}").ConfigureAwait(false);
            // The daemon understood and refused what was asked (no such thing, bad value, already there): a usage error.
            return e.Status is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.UnprocessableEntity
                ? Program.UsageError
                : Program.DaemonUnavailable;
        }
    }

    private Uri BaseUrl(ParseResult parse)
    {
        var configured = parse.GetValue(Url);
        if (configured is null)
        {
            var path = parse.GetValue(Config)!;
            configured = File.Exists(path) ? GatewayConfigLoader.Load(path).Api.ListenUrl : DefaultUrl;
        }

        if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UriFormatException($"'{configured}' is not an http:// or https:// address (--url).");
        }

        // A daemon bound to every interface is reached on loopback from the gateway itself.
        var builder = new UriBuilder(uri) { Path = "/" };
        if (builder.Host is "0.0.0.0" or "*" or "+")
        {
            builder.Host = "127.0.0.1";
        }
        else if (builder.Host is "[::]" or "::")
        {
            builder.Host = "[::1]";
        }

        return builder.Uri;
    }
}
