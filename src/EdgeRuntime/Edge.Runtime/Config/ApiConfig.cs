namespace Edge.Runtime.Config;

/// <summary>The technician page and JSON API: <c>api</c> in the file.</summary>
public sealed record ApiConfig
{
    /// <summary>Address the API binds to; loopback by default so nothing is exposed until configured.</summary>
    public string ListenUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Bearer tokens, stored as SHA-256 hashes so the file does not hold the secrets.</summary>
    public IReadOnlyList<ApiTokenConfig> Tokens { get; set; } = [];

    public void Validate(ConfigProblems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var url = ConfigProblems.Key(path, "listenUrl");
        if (!Uri.TryCreate(ListenUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            problems.Add(url, $"'{ListenUrl}' is not an http:// address like http://127.0.0.1:8080");
        }
        else if (uri.Scheme == "https")
        {
            // The daemon has no certificate setting: Kestrel would fail at start without one. TLS belongs in a reverse
            // proxy (docs/gateway-api.md, "Listening and tokens"), which keeps certificate renewal out of the daemon.
            problems.Add(url, $"'{ListenUrl}': only http is served; put TLS in a reverse proxy in front of the gateway (docs/gateway-api.md)");
        }
        else if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            // Kestrel binds to a scheme, host and port only; a path base would make it fail at start.
            problems.Add(url, $"'{ListenUrl}' must be only scheme, host and port (like http://0.0.0.0:8080), without a path");
        }

        for (var i = 0; i < Tokens.Count; i++)
        {
            Tokens[i].Validate(problems, ConfigProblems.Item(ConfigProblems.Key(path, "tokens"), i));
        }
    }
}
