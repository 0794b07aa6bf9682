using System.Text;
using System.Text.Json.Serialization.Metadata;
using Edge.Gateway.Hosting;
using Edge.Runtime.Config;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Api;

/// <summary>
/// Under NativeAOT System.Text.Json has no reflection fallback, so every type an endpoint binds from or writes as JSON
/// must come from a source-generated context in the HTTP JSON options; one missing type makes ASP.NET fail to build the
/// endpoints, and every request (even /metrics) answers 500. Tests run under the JIT, where the reflection resolver hides
/// this, so the test removes it and builds every endpoint.
/// </summary>
public sealed class EndpointJsonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-json-").FullName;

    [Fact]
    public async Task Every_endpoint_builds_with_the_source_generated_json_contexts_alone()
    {
        var config = GatewayConfigLoader.Parse(
            Encoding.UTF8.GetBytes("""
                {
                  "gatewayId": "gw-json",
                  "dataDirectory": "data",
                  "meters": [ { "id": "m", "protocol": "dsmr", "device": "/dev/unused" } ],
                  "api": { "listenUrl": "http://127.0.0.1:0" }
                }
                """),
            "test.json",
            _dir);
        await using var app = GatewayApp.Build(config);
        var json = app.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var reflection = json.TypeInfoResolverChain.OfType<DefaultJsonTypeInfoResolver>().ToList();
        foreach (var resolver in reflection)
        {
            json.TypeInfoResolverChain.Remove(resolver);
        }

        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).ToList();

        Assert.NotEmpty(endpoints);
        Assert.Contains(endpoints, e => e.DisplayName?.Contains("/models/rollback", StringComparison.Ordinal) == true);
        Assert.Contains(endpoints, e => e.DisplayName?.Contains("HTTP: DELETE /api/replacements/{id", StringComparison.Ordinal) == true);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
