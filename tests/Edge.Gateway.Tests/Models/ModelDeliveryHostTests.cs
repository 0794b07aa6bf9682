using Edge.Gateway.Hosting;
using Edge.ModelContract.Bundles;
using Edge.Runtime.Config;
using Edge.Runtime.Models;
using Edge.Runtime.Scoring;
using Edge.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.Models;

/// <summary>The daemon's composition: the installer is the IModelProvider, owns the model directory, and scans the inbox.</summary>
public sealed class ModelDeliveryHostTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("edge-model-host-").FullName;
    private readonly BundleSigningKey _key = BundleSigningKey.Generate();

    [Fact]
    public async Task The_daemon_installs_a_bundle_dropped_in_its_inbox_and_scores_with_it()
    {
        File.WriteAllText(Path.Combine(_root, "utility.pub.pem"), _key.ExportPublicKeyPem());
        var config = new GatewayConfig
        {
            GatewayId = "gw-test",
            DataDirectory = "data",
            BaseDirectory = _root,
            Api = new ApiConfig { ListenUrl = "http://127.0.0.1:0" },
            Models = new ModelsConfig { TrustedKeyFiles = ["utility.pub.pem"] },
        };
        var inbox = Path.Combine(_root, "data", "model-inbox");
        Directory.CreateDirectory(inbox);
        File.WriteAllBytes(Path.Combine(inbox, "v1.bundle"), TestBundles.Gateway(_key, 1).Bytes);
        await using var app = GatewayApp.Build(config, new GatewayHostOptions { MeterSources = _ => [] });
        var installer = app.Services.GetRequiredService<ModelInstaller>();
        var installed = new TaskCompletionSource<ModelDeliveryEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        installer.Changed += (_, e) => installed.TrySetResult(e);

        await app.StartAsync();
        var e = await installed.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var provider = app.Services.GetRequiredService<IModelProvider>();

        Assert.Equal((ModelEventKind.Installed, "gateway-theft@1"), (e.Kind, e.Label));
        Assert.Same(installer, provider);
        Assert.Equal("gateway-theft@1", provider.Active!.Label);
        Assert.Null(ModelInstaller.TryOpen(ModelDeliveryOptions.FromConfig(config), new Runtime.Health.FaultBoard(TimeProvider.System), TimeProvider.System));
        await app.StopAsync();
    }

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
