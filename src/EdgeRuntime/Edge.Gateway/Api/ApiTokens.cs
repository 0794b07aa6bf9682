using System.Security.Cryptography;
using System.Text;
using Edge.Runtime.Config;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Api;

/// <summary>Who presented a token: the configured holder's name and the role the token grants.</summary>
public sealed record ApiCaller(string Name, ApiRole Role);

/// <summary>
/// The configured bearer tokens, held only as SHA-256 hashes (the config file never holds a token). A presented
/// token is hashed and compared with every configured hash in constant time (CryptographicOperations.FixedTimeEquals),
/// and the loop never stops early, so response time does not tell how close a guess was or which entry matched.
/// </summary>
public sealed class ApiTokens
{
    private readonly (byte[] Hash, ApiCaller Caller)[] _tokens;

    public ApiTokens(IEnumerable<ApiTokenConfig> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _tokens = [.. tokens.Select(t => (
            Convert.FromHexString(t.Sha256),
            new ApiCaller(t.Name, t.Role ?? throw new ArgumentException($"API token '{t.Name}' has no role.", nameof(tokens)))))];
    }

    /// <summary>The caller of an <c>Authorization</c> header value, or null when it carries no known bearer token.</summary>
    public ApiCaller? Identify(string? authorization)
    {
        // RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme name is case-insensitive (RFC 9110 §11.1).
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization.AsSpan(scheme.Length).Trim(' ');
        if (token.IsEmpty)
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var utf8 = Encoding.UTF8.GetBytes(token.ToString());
        SHA256.HashData(utf8, hash);
        ApiCaller? found = null;
        foreach (var (expected, caller) in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, expected) && (found is null || caller.Role > found.Role))
            {
                found = caller;
            }
        }

        return found;
    }
}
