namespace Edge.Runtime.Config;

/// <summary>What a token may do.</summary>
public enum ApiRole
{
    /// <summary>See alerts, meters, status and metrics.</summary>
    Read,

    /// <summary>Everything Read may, plus acknowledge alerts and change the gateway's state.</summary>
    Admin,
}

/// <summary>One API token: <c>api.tokens[i]</c>. The file holds the SHA-256 of the token, never the token.</summary>
public sealed record ApiTokenConfig
{
    /// <summary>Who holds the token (for logs): "technician", "fleet".</summary>
    public string Name { get; set; } = string.Empty;

    public ApiRole? Role { get; set; }

    /// <summary>SHA-256 of the token's UTF-8 bytes, 64 hex digits (`printf %s TOKEN | sha256sum`).</summary>
    public string Sha256 { get; set; } = string.Empty;

    public void Validate(ConfigProblems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        problems.Required(Name, ConfigProblems.Key(path, "name"));
        problems.Check(Role is not null, ConfigProblems.Key(path, "role"), "is required (read or admin)");
        problems.Check(
            Sha256.Length == 64 && Sha256.All(char.IsAsciiHexDigit),
            ConfigProblems.Key(path, "sha256"),
            "must be the token's SHA-256 as 64 hex digits (printf %s TOKEN | sha256sum), not the token itself");
    }
}
