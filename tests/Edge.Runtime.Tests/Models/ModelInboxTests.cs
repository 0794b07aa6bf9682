using Edge.ModelContract.Bundles;
using Edge.Runtime.Models;

namespace Edge.Runtime.Tests.Models;

/// <summary>The drop-folder: bundles are offered, then filed under accepted/ or rejected/ with the reason beside them.</summary>
public sealed class ModelInboxTests : IDisposable
{
    private readonly ModelDeliveryFixture _fixture = new();
    private readonly ModelInstaller _installer;
    private readonly ModelInbox _inbox;
    private readonly string _dir;

    public ModelInboxTests()
    {
        _installer = _fixture.Open();
        _dir = _fixture.Options.InboxDirectory!;
        Directory.CreateDirectory(_dir);
        _inbox = new ModelInbox(_installer, _dir, _fixture.Faults, _fixture.Time);
    }

    [Fact]
    public async Task Bundles_are_installed_and_filed_away_with_the_reason_for_a_rejection()
    {
        File.WriteAllBytes(Path.Combine(_dir, "a-v1.bundle"), _fixture.Bundle(1));
        File.WriteAllBytes(Path.Combine(_dir, "b-forged.bundle"), BundleForge.ReplaceEntry(_fixture.Bundle(2), BundleContainer.ModelEntry, m => BundleForge.Flip(m, 10)));
        File.WriteAllBytes(Path.Combine(_dir, "c-empty.bundle"), []);
        File.WriteAllBytes(Path.Combine(_dir, ".d-uploading.bundle"), _fixture.Bundle(2));
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "not a bundle name");

        var outcomes = await _inbox.ProcessAsync(CancellationToken.None);

        Assert.Equal(["inbox:a-v1.bundle", "inbox:b-forged.bundle", "inbox:c-empty.bundle"], outcomes.Select(o => o.Source));
        ModelDeliveryFixture.AssertScoresWith(_installer, "gateway-theft@1");
        Assert.Equal(_fixture.Bundle(1), File.ReadAllBytes(Path.Combine(_dir, ModelInbox.AcceptedDirectoryName, "a-v1.bundle")));
        var rejected = Path.Combine(_dir, ModelInbox.RejectedDirectoryName);
        Assert.True(File.Exists(Path.Combine(rejected, "b-forged.bundle")));
        Assert.StartsWith("ModelHashMismatch: model.onnx does not match", File.ReadAllText(Path.Combine(rejected, "b-forged.bundle.reason.txt")), StringComparison.Ordinal);
        Assert.StartsWith("Unreadable: the bundle is empty", File.ReadAllText(Path.Combine(rejected, "c-empty.bundle.reason.txt")), StringComparison.Ordinal);
        Assert.Equal([".d-uploading.bundle", "notes.txt"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_inbox_is_scanned_again_every_interval()
    {
        using var stop = new CancellationTokenSource();
        var installed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _installer.Changed += (_, e) => installed.TrySetResult(e.Label!);
        var running = _inbox.RunAsync(TimeSpan.FromSeconds(10), stop.Token);

        File.WriteAllBytes(Path.Combine(_dir, "v1.bundle"), _fixture.Bundle(1));
        _fixture.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("gateway-theft@1", await installed.Task.WaitAsync(TimeSpan.FromMinutes(2)));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(File.Exists(Path.Combine(_dir, ModelInbox.AcceptedDirectoryName, "v1.bundle")));
    }

    public void Dispose()
    {
        _installer.Dispose();
        _fixture.Dispose();
    }
}
