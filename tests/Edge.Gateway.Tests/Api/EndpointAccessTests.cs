using System.Net;
using System.Text;
using Edge.Gateway.Api;
using Edge.Gateway.Hosting;
using Edge.Runtime.Config;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Tests.Api;

/// <summary>
/// No route of the daemon is public by accident: every endpoint the production composition maps declares the role it
/// needs, except the short list below, and a request without a token to any other route is refused with 401 by the
/// running daemon. A route added without <c>RequireRole</c> fails here (and the middleware treats it as admin-only).
/// </summary>
public sealed class EndpointAccessTests : IDisposable
{
    /// <summary>The routes anyone may call without a token, each with why that is safe.</summary>
    private static readonly Dictionary<string, string> OpenRoutes = new(StringComparer.Ordinal)
    {
        // The login shell: one fixed HTML document with inline script and style, no gateway data at all; it asks for
        // the token and fetches /page/overview (read role) with it. It must load before anyone has typed a token.
        ["GET /"] = "login shell",
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-access-").FullName;

    private WebApplication Build()
    {
        var config = GatewayConfigLoader.Parse(
            Encoding.UTF8.GetBytes("""
                {
                  "gatewayId": "gw-access",
                  "dataDirectory": "data",
                  "meters": [ { "id": "m", "protocol": "dsmr", "device": "/dev/unused" } ],
                  "api": { "listenUrl": "http://127.0.0.1:0",
                           "tokens": [ { "name": "monitoring", "role": "read", "sha256": "0328587016f9e316b9c31c94f944a2c453e1494a564062b5eab68039c75b58bf" } ] }
                }
                """),
            "test.json",
            _dir);
        return GatewayApp.Build(config, new GatewayHostOptions { MinimumLogLevel = LogLevel.None });
    }

    private static List<(string Route, RouteEndpoint Endpoint)> Routes(WebApplication app) =>
        [.. ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .Select(e => Assert.IsType<RouteEndpoint>(e))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => ($"{m} {e.RoutePattern.RawText}", e)))];

    [Fact]
    public async Task Every_endpoint_requires_a_role_except_the_login_shell()
    {
        await using var app = Build();
        var routes = Routes(app);

        Assert.True(routes.Count > 10, $"the composition maps the whole API: {string.Join(", ", routes.Select(r => r.Route))}");
        foreach (var (route, endpoint) in routes)
        {
            var declared = endpoint.Metadata.GetMetadata<RequiredRole>();
            if (OpenRoutes.ContainsKey(route))
            {
                Assert.True(declared is null, $"{route} is listed as open but requires {declared?.Role}");
                Assert.NotNull(endpoint.Metadata.GetMetadata<OpenWithoutToken>());
            }
            else
            {
                Assert.True(declared is not null, $"{route} declares no role: add .RequireRole(ApiRole.Read or Admin), or justify it in {nameof(OpenRoutes)}");
            }
        }

        Assert.All(OpenRoutes.Keys, open => Assert.Contains(routes, r => r.Route == open));
    }

    [Fact]
    public async Task The_running_daemon_refuses_every_route_but_the_login_shell_without_a_token()
    {
        await using var app = Build();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        foreach (var (route, endpoint) in Routes(app))
        {
            var method = route[..route.IndexOf(' ', StringComparison.Ordinal)];
            using var request = new HttpRequestMessage(new HttpMethod(method), PathOf(endpoint.RoutePattern));
            using var response = await http.SendAsync(request);
            var expected = OpenRoutes.ContainsKey(route) ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
            Assert.True(expected == response.StatusCode, $"{route} without a token: expected {(int)expected}, got {(int)response.StatusCode}");
        }

        await app.StopAsync();
    }

    [Fact]
    public async Task A_route_mapped_without_a_role_needs_the_admin_token()
    {
        await using var gateway = await RunningGateway.StartAsync(endpoints: e => e.MapGet("/api/forgotten", () => "secret"));

        using var none = await gateway.SendAsync(HttpMethod.Get, "/api/forgotten", null);
        using var read = await gateway.SendAsync(HttpMethod.Get, "/api/forgotten", RunningGateway.ReadToken);
        using var admin = await gateway.SendAsync(HttpMethod.Get, "/api/forgotten", RunningGateway.AdminToken);

        Assert.Equal(
            (HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK),
            (none.StatusCode, read.StatusCode, admin.StatusCode));
        Assert.DoesNotContain("secret", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A request path for the pattern: every parameter becomes 1 (a valid id for every route that takes one).</summary>
    private static string PathOf(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart => "1",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new InvalidOperationException($"unexpected route part in {pattern.RawText}"),
        }))));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
