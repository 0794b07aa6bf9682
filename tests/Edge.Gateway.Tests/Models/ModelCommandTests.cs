using Edge.Gateway.Tests.Support;
using Edge.Gateway.Tests.Cli;
using Edge.ModelContract.Bundles;
using Edge.Runtime.Health;
using Edge.Runtime.Models;
using Edge.Runtime.Tests.Support;

namespace Edge.Gateway.Tests.Models;

/// <summary>`edge model install | list | rollback` on a gateway whose daemon is not running, and never writing behind a running one.</summary>
[Collection(ConsoleCapture.Collection)]
public sealed class ModelCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("edge-model-cli-").FullName;
    private readonly BundleSigningKey _key = BundleSigningKey.Generate();
    private readonly string _config;

    public ModelCommandTests()
    {
        File.WriteAllText(Path.Combine(_root, "utility.pub.pem"), _key.ExportPublicKeyPem());
        _config = Path.Combine(_root, "gateway.json");
        File.WriteAllText(_config, """
            {
              "gatewayId": "gw-test",
              "dataDirectory": "data",
              "meters": [ { "id": "house", "protocol": "dsmr", "device": "/dev/null" } ],
              "models": { "trustedKeyFiles": [ "utility.pub.pem" ] }
            }
            """);
    }

    private string ModelDirectory => Path.Combine(_root, "data", "models");

    [Fact]
    public void Install_list_and_rollback_act_on_the_model_directory_when_no_daemon_runs()
    {
        var v1 = WriteBundle(1);
        var v2 = WriteBundle(2);

        var first = EdgeCli.Run("model", "install", v1, "--config", _config);
        var same = EdgeCli.Run("model", "install", v1, "--config", _config);
        var again = EdgeCli.Run("model", "install", WriteBundle(1, seed: 9), "--config", _config);
        var second = EdgeCli.Run("model", "install", v2, "--config", _config);
        var listed = EdgeCli.Run("model", "list", "--config", _config);
        var back = EdgeCli.Run("model", "rollback", "--reason", "district 4 complaints", "--config", _config);
        var nothingLeft = EdgeCli.Run("model", "rollback", "--config", _config);

        Assert.Equal((0, "gateway-theft@1 is active\n"), (first.Exit, first.Out));
        Assert.Equal((0, "gateway-theft@1 is already active (this very bundle)\n"), (same.Exit, same.Out));
        Assert.Equal(2, again.Exit);
        Assert.StartsWith("edge: bundle rejected (NotNewer): version 1 is equal to 1", again.Error, StringComparison.Ordinal);
        Assert.Equal((0, "gateway-theft@2 is active (previous: gateway-theft@1)\n"), (second.Exit, second.Out));
        Assert.Contains("active          gateway-theft@2", listed.Out, StringComparison.Ordinal);
        Assert.Contains("previous        gateway-theft@1", listed.Out, StringComparison.Ordinal);
        Assert.Contains("highest version 2", listed.Out, StringComparison.Ordinal);
        Assert.Equal((0, "rolled back from gateway-theft@2 to gateway-theft@1\n"), (back.Exit, back.Out));
        Assert.Equal(2, nothingLeft.Exit);
        Assert.Contains("no previous bundle", nothingLeft.Error, StringComparison.Ordinal);

        var state = ModelStateFile.Load(Path.Combine(ModelDirectory, ModelRepository.StateFileName));
        Assert.Equal(("gateway-theft@1", "cli"), (state.Active!.Label, state.Active.Source));
        Assert.Equal((RollbackKind.Operator, "district 4 complaints"), (state.LastRollback!.Kind, state.LastRollback.Reason));
        Assert.DoesNotContain("   at ", again.Error + nothingLeft.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forged_bundle_is_refused_with_its_reason_and_no_stack_trace()
    {
        using var stranger = BundleSigningKey.Generate();
        var forged = Path.Combine(_root, "forged.bundle");
        File.WriteAllBytes(forged, TestBundles.Gateway(stranger, 1).Bytes);

        var result = EdgeCli.Run("model", "install", forged, "--config", _config);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("edge: bundle rejected (UnknownKey): signed by key", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_an_io_error()
    {
        var result = EdgeCli.Run("model", "install", Path.Combine(_root, "nope.bundle"), "--config", _config);

        Assert.Equal(Program.IoError, result.Exit);
        Assert.Contains("nope.bundle", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void While_the_daemon_owns_the_model_directory_the_cli_does_not_write_it()
    {
        var options = new ModelDeliveryOptions { TrustedKeyFiles = [Path.Combine(_root, "utility.pub.pem")], ModelDirectory = ModelDirectory };
        using var daemon = ModelInstaller.Open(options, new FaultBoard(TimeProvider.System), TimeProvider.System);

        // The lock is held, so the CLI goes to the daemon's API; nothing answers on port 1.
        var result = EdgeCli.Run("model", "install", WriteBundle(1), "--config", _config, "--url", "http://127.0.0.1:1");

        Assert.Equal(Program.DaemonUnavailable, result.Exit);
        Assert.Contains("cannot reach the gateway daemon", result.Error, StringComparison.Ordinal);
        Assert.Null(daemon.Active);
        Assert.False(File.Exists(Path.Combine(ModelDirectory, ModelRepository.StateFileName)));
    }

    private string WriteBundle(long version, ulong seed = 2)
    {
        var path = Path.Combine(_root, $"v{version}-{seed}.bundle");
        File.WriteAllBytes(path, TestBundles.Gateway(_key, version, seed: seed).Bytes);
        return path;
    }

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
