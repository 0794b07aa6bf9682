using Edge.Gateway.Tests.Support;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Edge.Gateway.Api;
using Edge.Gateway.Hosting;
using Edge.Gateway.Tests.Api;
using Edge.Gateway.Tests.Cli;
using Edge.ModelContract.Bundles;
using Edge.Runtime.Config;
using Edge.Runtime.Models;
using Edge.Runtime.Scoring;
using Edge.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.Models;

/// <summary>
/// The daemon's composition (GatewayApp on 127.0.0.1, port chosen by the OS): the installer is the IModelProvider,
/// owns the model directory, scans the inbox, and serves the admin API that `edge model` uses while the daemon runs.
/// </summary>
[Collection(ConsoleCapture.Collection)]
public sealed class ModelDeliveryHostTests : IDisposable
{
    private const string AdminToken = RunningGateway.AdminToken;
    private const string ReadToken = RunningGateway.ReadToken;

    private readonly string _root = Directory.CreateTempSubdirectory("edge-model-host-").FullName;
    private readonly BundleSigningKey _key = BundleSigningKey.Generate();
    private readonly GatewayConfig _config;

    public ModelDeliveryHostTests()
    {
        File.WriteAllText(Path.Combine(_root, "utility.pub.pem"), _key.ExportPublicKeyPem());
        _config = new GatewayConfig
        {
            GatewayId = "gw-test",
            DataDirectory = "data",
            BaseDirectory = _root,
            Api = new ApiConfig
            {
                ListenUrl = "http://127.0.0.1:0",
                Tokens =
                [
                    new ApiTokenConfig { Name = "technician", Role = ApiRole.Admin, Sha256 = RunningGateway.AdminSha256 },
                    new ApiTokenConfig { Name = "monitoring", Role = ApiRole.Read, Sha256 = RunningGateway.ReadSha256 },
                ],
            },
            Models = new ModelsConfig { TrustedKeyFiles = ["utility.pub.pem"] },
        };
    }

    [Fact]
    public async Task The_daemon_installs_a_bundle_dropped_in_its_inbox_and_scores_with_it()
    {
        var inbox = Path.Combine(_root, "data", "model-inbox");
        Directory.CreateDirectory(inbox);
        File.WriteAllBytes(Path.Combine(inbox, "v1.bundle"), TestBundles.Gateway(_key, 1).Bytes);
        await using var app = GatewayApp.Build(_config, new GatewayHostOptions { MeterSources = _ => [] });
        var installer = app.Services.GetRequiredService<ModelInstaller>();
        var installed = new TaskCompletionSource<ModelDeliveryEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        installer.Changed += (_, e) => installed.TrySetResult(e);

        await app.StartAsync();
        var e = await installed.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var provider = app.Services.GetRequiredService<IModelProvider>();

        Assert.Equal((ModelEventKind.Installed, "gateway-theft@1"), (e.Kind, e.Label));
        Assert.Same(installer, provider);
        Assert.Equal("gateway-theft@1", provider.Active!.Label);
        Assert.Null(ModelInstaller.TryOpen(ModelDeliveryOptions.FromConfig(_config), new Runtime.Health.FaultBoard(TimeProvider.System), TimeProvider.System));
        await app.StopAsync();
    }

    [Fact]
    public async Task The_admin_api_and_the_cli_through_it_install_and_roll_back()
    {
        await using var app = GatewayApp.Build(_config, new GatewayHostOptions { MeterSources = _ => [] });
        await app.StartAsync();
        var url = app.Urls.Single();
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        using var byReader = await Post(http, "/api/models", ReadToken, TestBundles.Gateway(_key, 1).Bytes);
        using var first = await Post(http, "/api/models", AdminToken, TestBundles.Gateway(_key, 1).Bytes);
        using var forged = await Post(http, "/api/models", AdminToken, BundleForgeFlip(TestBundles.Gateway(_key, 2).Bytes));
        var v2 = Path.Combine(_root, "v2.bundle");
        File.WriteAllBytes(v2, TestBundles.Gateway(_key, 2).Bytes);
        // The CLI reads the same data directory from the config file, finds the daemon's lock and goes through the API.
        var configFile = Path.Combine(_root, "gateway.json");
        File.WriteAllText(configFile, """
            { "gatewayId": "gw-test", "dataDirectory": "data", "meters": [ { "id": "house", "protocol": "dsmr", "device": "/dev/null" } ],
              "models": { "trustedKeyFiles": [ "utility.pub.pem" ] } }
            """);
        var cliInstall = EdgeCli.Run("model", "install", v2, "--url", url, "--token", AdminToken, "--config", configFile);
        var cliRollback = EdgeCli.Run("model", "rollback", "--url", url, "--token", AdminToken, "--config", configFile);
        using var status = await Send(http, HttpMethod.Get, "/api/models", ReadToken, null);

        Assert.Equal(HttpStatusCode.Forbidden, byReader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True((await first.Content.ReadFromJsonAsync(ModelApiJson.Default.InstallOutcome))!.Activated);
        var refused = (await forged.Content.ReadFromJsonAsync(ModelApiJson.Default.InstallOutcome))!;
        Assert.Equal((false, nameof(BundleRejection.ModelHashMismatch)), (refused.Activated, refused.Reason));
        Assert.Equal((0, "gateway-theft@2 is active\n"), (cliInstall.Exit, cliInstall.Out));
        Assert.Equal((0, "rolled back from gateway-theft@2 to gateway-theft@1\n"), (cliRollback.Exit, cliRollback.Out));
        var shown = (await status.Content.ReadFromJsonAsync(ModelApiJson.Default.ModelStatus))!;
        Assert.Equal(("gateway-theft@1", 2L, RollbackKind.Operator), (shown.Active, shown.HighestVersion, shown.LastRollback!.Kind));
        Assert.Equal("gateway-theft@1", app.Services.GetRequiredService<IModelProvider>().Active!.Label);
        await app.StopAsync();
    }

    private static byte[] BundleForgeFlip(byte[] bundle)
    {
        var entries = BundleContainer.Read(bundle);
        entries[BundleContainer.ModelEntry][100] ^= 0xFF;
        return BundleContainer.Write(entries);
    }

    private static Task<HttpResponseMessage> Post(HttpClient http, string path, string token, byte[] bundle)
    {
        var content = new ByteArrayContent(bundle);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return Send(http, HttpMethod.Post, path, token, content);
    }

    private static async Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string token, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
