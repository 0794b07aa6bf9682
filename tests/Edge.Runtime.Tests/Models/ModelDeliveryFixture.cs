using Edge.ModelContract.Bundles;
using Edge.Runtime.Health;
using Edge.Runtime.Models;
using Edge.Runtime.Scoring;
using Edge.Runtime.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Runtime.Tests.Models;

/// <summary>A gateway's model directory in a temporary folder, a utility signing key it trusts, a fake clock.</summary>
public sealed class ModelDeliveryFixture : IDisposable
{
    private readonly Dictionary<(long, ulong), byte[]> _bundles = [];

    public ModelDeliveryFixture()
    {
        Root = Directory.CreateTempSubdirectory("edge-models-").FullName;
        Key = BundleSigningKey.Generate();
        var keyFile = Path.Combine(Root, "utility.pub.pem");
        File.WriteAllText(keyFile, Key.ExportPublicKeyPem());
        Options = new ModelDeliveryOptions
        {
            TrustedKeyFiles = [keyFile],
            ModelDirectory = Path.Combine(Root, "models"),
            InboxDirectory = Path.Combine(Root, "inbox"),
            RollbackAfterFailedRuns = 3,
            MaxAlertRate = 0.5,
            AlertRateMinimumMeters = 10,
            RetiredModelGrace = TimeSpan.FromMinutes(5),
        };
    }

    public string Root { get; }

    public BundleSigningKey Key { get; }

    public ModelDeliveryOptions Options { get; set; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public FaultBoard Faults => field ??= new FaultBoard(Time);

    public string StatePath => Path.Combine(Options.ModelDirectory, ModelRepository.StateFileName);

    public ModelInstaller Open() => ModelInstaller.Open(Options, Faults, Time);

    /// <summary>A real signed gateway bundle (cached per version and seed: making one trains nothing but runs ORT).</summary>
    public byte[] Bundle(long version, ulong seed = 2)
    {
        if (!_bundles.TryGetValue((version, seed), out var bytes))
        {
            bytes = TestBundles.Gateway(Key, version, seed: seed).Bytes;
            _bundles[(version, seed)] = bytes;
        }

        return bytes;
    }

    public static async Task<InstallOutcome> Install(ModelInstaller installer, byte[] bundle) =>
        await installer.InstallAsync(bundle, "test", CancellationToken.None);

    /// <summary>The active model is <paramref name="label"/> and scores a customer with a finite number.</summary>
    public static void AssertScoresWith(ModelInstaller installer, string label)
    {
        var active = installer.Active;
        Assert.NotNull(active);
        Assert.Equal(label, active.Label);
        Assert.Equal(label, installer.Status.Active);
        var score = active.Onnx.Score(Enumerable.Repeat(0.5f, active.Onnx.ValuesPerSample).ToArray(), 1);
        Assert.True(float.IsFinite(score[0]), $"score {score[0]}");
    }

    public static ModelRunOutcome Failed(string why) => new(0, 0, why);

    public void Dispose()
    {
        Key.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
