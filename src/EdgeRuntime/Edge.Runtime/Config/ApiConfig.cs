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
            problems.Add(url, $"'{ListenUrl}' is not an http:// or https:// address");
        }

        for (var i = 0; i < Tokens.Count; i++)
        {
            Tokens[i].Validate(problems, ConfigProblems.Item(ConfigProblems.Key(path, "tokens"), i));
        }
    }
}
