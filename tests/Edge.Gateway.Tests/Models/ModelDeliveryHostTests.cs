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
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        var refused = (await forged.Content.ReadFromJsonAsync(ModelApiJson.Default.InstallRefusal))!.Outcome;
        Assert.Equal((false, nameof(BundleRejection.ModelHashMismatch)), (refused.Activated, refused.Reason));
        Assert.Equal((0, "gateway-theft@2 is active\n"), (cliInstall.Exit, cliInstall.Out));
        Assert.Equal((0, "rolled back from gateway-theft@2 to gateway-theft@1\n"), (cliRollback.Exit, cliRollback.Out));
        var shown = (await status.Content.ReadFromJsonAsync(ModelApiJson.Default.ModelStatus))!;
        Assert.Equal(("gateway-theft@1", 2L, RollbackKind.Operator), (shown.Active, shown.HighestVersion, shown.LastRollback!.Kind));
        Assert.Equal("gateway-theft@1", app.Services.GetRequiredService<IModelProvider>().Active!.Label);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_refused_bundle_gets_a_4xx_with_its_reason_the_cli_prints_it_and_nothing_on_disk_changes()
    {
        await using var app = GatewayApp.Build(_config, new GatewayHostOptions { MeterSources = _ => [] });
        await app.StartAsync();
        var url = app.Urls.Single();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        using (var v2 = await Post(http, "/api/models", AdminToken, TestBundles.Gateway(_key, 2).Bytes))
        {
            Assert.Equal(HttpStatusCode.OK, v2.StatusCode);
        }

        var configFile = Path.Combine(_root, "gateway.json");
        File.WriteAllText(configFile, """
            { "gatewayId": "gw-test", "dataDirectory": "data", "meters": [ { "id": "house", "protocol": "dsmr", "device": "/dev/null" } ],
              "models": { "trustedKeyFiles": [ "utility.pub.pem" ] } }
            """);
        var older = Path.Combine(_root, "v1.bundle");
        File.WriteAllBytes(older, TestBundles.Gateway(_key, 1).Bytes);
        var forged = Path.Combine(_root, "v3-forged.bundle");
        File.WriteAllBytes(forged, BundleForgeFlip(TestBundles.Gateway(_key, 3).Bytes));
        var modelDirectory = Path.Combine(_root, "data", "models");
        var before = Snapshot(modelDirectory);
        Assert.Contains(ModelRepository.StateFileName, before.Keys);

        // A downgrade is a sound bundle the gateway's state refuses (anti-rollback): 409. A forged one is unusable: 422.
        using var downgrade = await Post(http, "/api/models", AdminToken, File.ReadAllBytes(older));
        using var tampered = await Post(http, "/api/models", AdminToken, File.ReadAllBytes(forged));
        var cliDowngrade = EdgeCli.Run("model", "install", older, "--url", url, "--token", AdminToken, "--config", configFile);
        var cliTampered = EdgeCli.Run("model", "install", forged, "--url", url, "--token", AdminToken, "--config", configFile);

        Assert.Equal(HttpStatusCode.Conflict, downgrade.StatusCode);
        var notNewer = (await downgrade.Content.ReadFromJsonAsync(ModelApiJson.Default.InstallRefusal))!;
        Assert.Equal((false, "gateway-theft@1", ModelRejection.NotNewer), (notNewer.Outcome.Activated, notNewer.Outcome.Label, notNewer.Outcome.Reason));
        Assert.Equal($"bundle rejected (NotNewer): {notNewer.Outcome.Message}", notNewer.Error);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tampered.StatusCode);
        var hash = (await tampered.Content.ReadFromJsonAsync(ModelApiJson.Default.InstallRefusal))!;
        Assert.Equal((false, nameof(BundleRejection.ModelHashMismatch)), (hash.Outcome.Activated, hash.Outcome.Reason));
        Assert.StartsWith("bundle rejected (ModelHashMismatch): ", hash.Error, StringComparison.Ordinal);

        // Through the daemon the CLI prints the daemon's reason, as it does when it installs without one, and fails.
        Assert.Equal((Program.UsageError, "", $"edge: {notNewer.Error}\n"), cliDowngrade);
        Assert.Equal((Program.UsageError, "", $"edge: {hash.Error}\n"), cliTampered);

        Assert.Equal(before, Snapshot(modelDirectory));
        Assert.Equal("gateway-theft@2", app.Services.GetRequiredService<IModelProvider>().Active!.Label);
        await app.StopAsync();
    }

    /// <summary>Every file under the directory (but the lock the daemon holds) with its SHA-256, by relative path.</summary>
    private static SortedDictionary<string, string> Snapshot(string directory) => new(
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != ModelRepository.LockFileName)
            .ToDictionary(f => Path.GetRelativePath(directory, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);

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
