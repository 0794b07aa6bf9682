using Edge.ModelContract.Bundles;
using Edge.Runtime.Models;
using Edge.Runtime.Tests.Support;

namespace Edge.Runtime.Tests.Models;

/// <summary>Activation, the kept previous bundle, restarts, anti-rollback across restarts and operator rollback.</summary>
public sealed class ModelInstallerTests : IDisposable
{
    private readonly ModelDeliveryFixture _fixture = new();

    [Fact]
    public async Task Installing_keeps_the_active_and_the_previous_bundle_and_nothing_older()
    {
        using var installer = _fixture.Open();
        Assert.Null(installer.Active);

        foreach (var version in new long[] { 1, 2, 3 })
        {
            var outcome = await ModelDeliveryFixture.Install(installer, _fixture.Bundle(version));
            Assert.True(outcome.Activated, outcome.Message);
            Assert.Equal(InstallOutcome.ActivatedReason, outcome.Reason);
        }

        ModelDeliveryFixture.AssertScoresWith(installer, "gateway-theft@3");
        var state = ModelStateFile.Load(_fixture.StatePath);
        Assert.Equal("gateway-theft@3", state.Active!.Label);
        Assert.Equal("gateway-theft@2", state.Previous!.Label);
        Assert.Equal(3, state.HighestVersion);
        Assert.Equal(ModelBundle.Sha256Hex(_fixture.Bundle(3)), state.Active.BundleSha256);
        var stored = Directory.GetFiles(Path.Combine(_fixture.Options.ModelDirectory, ModelRepository.BundlesDirectoryName)).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { Path.GetFileName(state.Previous.File), Path.GetFileName(state.Active.File) }.Order(StringComparer.Ordinal), stored);
        Assert.Equal(_fixture.Bundle(3), File.ReadAllBytes(Path.Combine(_fixture.Options.ModelDirectory, state.Active.File)));
    }

    [Fact]
    public async Task A_restart_reloads_and_reverifies_the_active_model()
    {
        using (var installer = _fixture.Open())
        {
            await ModelDeliveryFixture.Install(installer, _fixture.Bundle(1));
            await ModelDeliveryFixture.Install(installer, _fixture.Bundle(2));
        }

        using var restarted = _fixture.Open();

        ModelDeliveryFixture.AssertScoresWith(restarted, "gateway-theft@2");
        Assert.Equal("gateway-theft@1", restarted.Status.Previous);
        Assert.Empty(_fixture.Faults.Snapshot());
    }

    [Fact]
    public async Task A_restart_with_a_damaged_active_bundle_falls_back_to_the_previous_one()
    {
        using (var installer = _fixture.Open())
        {
            await ModelDeliveryFixture.Install(installer, _fixture.Bundle(1));
            await ModelDeliveryFixture.Install(installer, _fixture.Bundle(2));
        }

        var active = ModelStateFile.Load(_fixture.StatePath).Active!;
        var path = Path.Combine(_fixture.Options.ModelDirectory, active.File);
        File.WriteAllBytes(path, BundleForge.Flip(File.ReadAllBytes(path), 200));

        using var restarted = _fixture.Open();

        ModelDeliveryFixture.AssertScoresWith(restarted, "gateway-theft@1");
        var rollback = restarted.Status.LastRollback!;
        Assert.Equal(("gateway-theft@2", "gateway-theft@1", RollbackKind.Automatic), (rollback.From, rollback.To, rollback.Kind));
        Assert.Contains("changed on disk", rollback.Reason, StringComparison.Ordinal);
        Assert.True(_fixture.Faults.Has(ModelInstaller.FaultComponent));
    }

    [Fact]
    public async Task Deleting_the_installed_models_does_not_reopen_old_versions_after_a_restart()
    {
        using (var installer = _fixture.Open())
        {
            await ModelDeliveryFixture.Install(installer, _fixture.Bundle(1));
            await ModelDeliveryFixture.Install(installer, _fixture.Bundle(2));
        }

        // Someone removes the bundles to "start over": the highest version lives in state.json and survives.
        Directory.Delete(Path.Combine(_fixture.Options.ModelDirectory, ModelRepository.BundlesDirectoryName), recursive: true);
        using var restarted = _fixture.Open();

        Assert.Null(restarted.Active);
        Assert.True(_fixture.Faults.Has(ModelInstaller.FaultComponent));
        var old = await ModelDeliveryFixture.Install(restarted, _fixture.Bundle(1));
        var same = await ModelDeliveryFixture.Install(restarted, _fixture.Bundle(2));
        Assert.Equal((false, ModelRejection.NotNewer), (old.Activated, old.Reason));
        Assert.Equal((false, ModelRejection.NotNewer), (same.Activated, same.Reason));
        var newer = await ModelDeliveryFixture.Install(restarted, _fixture.Bundle(3));
        Assert.True(newer.Activated, newer.Message);
        ModelDeliveryFixture.AssertScoresWith(restarted, "gateway-theft@3");
    }

    [Fact]
    public async Task Operator_rollback_returns_to_the_previous_bundle_and_is_recorded()
    {
        using (var installer = _fixture.Open())
        {
            await ModelDeliveryFixture.Install(installer, _fixture.Bundle(1));
            await ModelDeliveryFixture.Install(installer, _fixture.Bundle(2));
            var record = await installer.RollbackAsync("operator: v2 flags too many meters in district 4", CancellationToken.None);

            Assert.Equal(("gateway-theft@2", "gateway-theft@1", RollbackKind.Operator), (record.From, record.To, record.Kind));
            ModelDeliveryFixture.AssertScoresWith(installer, "gateway-theft@1");
            Assert.Null(installer.Status.Previous);
            await Assert.ThrowsAsync<InvalidOperationException>(() => installer.RollbackAsync("again", CancellationToken.None));
        }

        using var restarted = _fixture.Open();
        ModelDeliveryFixture.AssertScoresWith(restarted, "gateway-theft@1");
        Assert.Equal(RollbackKind.Operator, restarted.Status.LastRollback!.Kind);
        Assert.Equal(2, restarted.Status.HighestVersion);
        var again = await ModelDeliveryFixture.Install(restarted, _fixture.Bundle(2));
        Assert.Equal(ModelRejection.NotNewer, again.Reason);
    }

    [Fact]
    public async Task The_active_bundle_offered_again_is_ignored_without_an_event()
    {
        // A retained MQTT announcement arrives again after every reconnect.
        using var installer = _fixture.Open();
        await ModelDeliveryFixture.Install(installer, _fixture.Bundle(1));
        var installed = installer.Status.LastInstall;
        var events = new List<ModelDeliveryEvent>();
        installer.Changed += (_, e) => events.Add(e);

        var again = await installer.InstallAsync(_fixture.Bundle(1), "mqtt", CancellationToken.None);

        Assert.Equal((false, ModelRejection.AlreadyActive, "gateway-theft@1"), (again.Activated, again.Reason, again.Label));
        Assert.Empty(events);
        Assert.Same(installed, installer.Status.LastInstall);
        ModelDeliveryFixture.AssertScoresWith(installer, "gateway-theft@1");
    }

    [Fact]
    public void A_second_owner_of_the_model_directory_is_refused()
    {
        using var first = _fixture.Open();

        var error = Assert.Throws<IOException>(() => _fixture.Open());

        Assert.Contains("in use by another edge process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_state_file_stops_the_start_instead_of_forgetting_the_highest_version()
    {
        Directory.CreateDirectory(_fixture.Options.ModelDirectory);
        File.WriteAllText(_fixture.StatePath, "{ \"formatVersion\": 1, \"highestVer");

        var error = Assert.Throws<InvalidDataException>(() => _fixture.Open());

        Assert.Contains(_fixture.StatePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_does_not_block_scoring_and_the_old_session_outlives_the_swap()
    {
        using var installer = _fixture.Open();
        await ModelDeliveryFixture.Install(installer, _fixture.Bundle(1));
        var old = installer.Active!;
        var features = Enumerable.Repeat(0.5f, old.Onnx.ValuesPerSample).ToArray();
        using var stop = new CancellationTokenSource();
        var scoredDuringInstall = new SemaphoreSlim(0);
        var labels = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var inInstall = 0;
        var scoring = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var model = installer.Active!;
                _ = model.Onnx.Score(features, 1);
                labels.Enqueue(model.Label);
                if (Volatile.Read(ref inInstall) == 1)
                {
                    scoredDuringInstall.Release();
                }
            }
        });

        // Hold the install after every check and before the switch until the scoring thread has scored 5 times.
        installer.BeforeActivation = () =>
        {
            Volatile.Write(ref inInstall, 1);
            for (var i = 0; i < 5; i++)
            {
                Assert.True(scoredDuringInstall.Wait(TimeSpan.FromMinutes(1)), "scoring stalled during the install");
            }

            Volatile.Write(ref inInstall, 0);
        };
        var outcome = await ModelDeliveryFixture.Install(installer, _fixture.Bundle(2));
        while (!labels.Contains("gateway-theft@2") && !scoring.IsCompleted)
        {
            await Task.Yield();
        }

        await stop.CancelAsync();
        await scoring;

        Assert.True(outcome.Activated, outcome.Message);
        Assert.Contains("gateway-theft@1", labels);
        Assert.Contains("gateway-theft@2", labels);

        // A run that took the old model just before the swap can still finish; after the grace period it is closed.
        _fixture.Time.Advance(_fixture.Options.RetiredModelGrace - TimeSpan.FromSeconds(1));
        Assert.True(float.IsFinite(old.Onnx.Score(features, 1)[0]));
        _fixture.Time.Advance(TimeSpan.FromSeconds(1));
        // ORT 1.x reports a Run on a disposed session as a NullReferenceException rather than ObjectDisposedException.
        Assert.ThrowsAny<Exception>(() => old.Onnx.Score(features, 1));
        ModelDeliveryFixture.AssertScoresWith(installer, "gateway-theft@2");
    }

    [Fact]
    public async Task The_days_kept_for_models_are_the_longest_window_of_the_active_and_the_previous_bundle()
    {
        using (var installer = _fixture.Open())
        {
            Assert.Equal(0, installer.WindowDaysNeeded);
            await ModelDeliveryFixture.Install(installer, _fixture.Bundle(1)); // windowDays 56
            Assert.Equal(56, installer.WindowDaysNeeded);
            await ModelDeliveryFixture.Install(installer, TestBundles.Gateway(_fixture.Key, 2, windowDays: 63).Bytes);
            Assert.Equal(63, installer.WindowDaysNeeded);
        }

        // After a restart the kept bundles' manifests say the same; rolled back to v1, nothing is kept to fall back to.
        using var restarted = _fixture.Open();
        Assert.Equal(63, restarted.WindowDaysNeeded);
        await restarted.RollbackAsync("operator: back to the 56-day model", CancellationToken.None);
        Assert.Equal(56, restarted.WindowDaysNeeded);
    }

    public void Dispose() => _fixture.Dispose();
}
