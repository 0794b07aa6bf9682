using Edge.ModelContract.Bundles;
using Edge.Runtime.Health;
using Edge.Runtime.Scoring;

namespace Edge.Runtime.Models;

/// <summary>
/// The one way a model becomes active (docs/model-delivery.md). Every source (CLI, admin API, inbox, MQTT) calls
/// <see cref="InstallAsync"/>; a bundle is activated only after its signature, hashes, version, input spec and test
/// vectors all pass, and activation is a durable switch of state.json. Scoring reads <see cref="Active"/> without
/// locks and reports each run back; a model that fails at run time is rolled back to the kept previous bundle.
/// </summary>
public sealed class ModelInstaller : IModelProvider, IDisposable
{
    /// <summary>The FaultBoard component model delivery reports under.</summary>
    public const string FaultComponent = "model";

    private readonly ModelDeliveryOptions _options;
    private readonly IReadOnlyList<BundlePublicKey> _trustedKeys;
    private readonly ModelRepository _repository;
    private readonly FaultBoard _faults;
    private readonly TimeProvider _time;
    private readonly Version _runtimeVersion;
    private readonly RollbackTrigger _trigger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly RetiredModels _retired;
    private readonly DeliveryRecord _record = new();
    private volatile ScoringModel? _active;
    private volatile ModelState _state;
    private volatile InstallOutcome? _lastInstall;
    private volatile int _keptWindowDays;
    private bool _disposed;

    private ModelInstaller(
        ModelDeliveryOptions options, IReadOnlyList<BundlePublicKey> trustedKeys, ModelRepository repository, FaultBoard faults, TimeProvider time, Version runtimeVersion)
    {
        _options = options;
        _trustedKeys = trustedKeys;
        _repository = repository;
        _faults = faults;
        _time = time;
        _runtimeVersion = runtimeVersion;
        _trigger = new RollbackTrigger(options);
        _retired = new RetiredModels(time, options.RetiredModelGrace);
        _state = repository.LoadState();
        _keptWindowDays = KeptWindowDays(_state);
    }

    /// <summary>Installs, rejections and rollbacks as they happen (raised on the thread that caused them).</summary>
    public event EventHandler<ModelDeliveryEvent>? Changed;

    public ScoringModel? Active => _active;

    /// <summary>
    /// The longest feature window of the bundles state.json keeps, active and previous: a rollback, or a restart that
    /// reloads an active bundle which failed its checks before, must find that window's daily values still stored.
    /// </summary>
    public int WindowDaysNeeded => _keptWindowDays;

    public ModelStatus Status
    {
        get
        {
            var state = _state;
            return new ModelStatus(state.Active?.Label, state.Previous?.Label, state.HighestVersion, _lastInstall, state.LastRollback, state.Rejected)
            {
                HighestVersions = state.HighestVersions,
                RecentRejections = _record.RecentRejections(),
                Counts = _record.Counts(),
            };
        }
    }

    /// <summary>Test seam: runs after a bundle passed every check and before it is stored and activated.</summary>
    internal Action? BeforeActivation { get; set; }

    /// <summary>
    /// Takes the model directory (one owner at a time), reads the trusted keys and state.json, and reloads the
    /// active bundle with every check of an install except the version rule; if it fails, falls back to the
    /// previous bundle. Throws when the directory is owned by another process or the config/state is unusable.
    /// </summary>
    public static ModelInstaller Open(ModelDeliveryOptions options, FaultBoard faults, TimeProvider time, Version? runtimeVersion = null) =>
        TryOpen(options, faults, time, runtimeVersion)
        ?? throw new IOException($"{Path.GetFullPath(options.ModelDirectory)} is in use by another edge process (it holds {ModelRepository.LockFileName}); is the daemon running?");

    /// <summary>Like <see cref="Open"/>, but returns null when another process (the daemon) owns the model directory.</summary>
    public static ModelInstaller? TryOpen(ModelDeliveryOptions options, FaultBoard faults, TimeProvider time, Version? runtimeVersion = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        var repository = ModelRepository.TryOpen(options.ModelDirectory);
        if (repository is null)
        {
            return null;
        }

        IReadOnlyList<BundlePublicKey> keys = [];
        try
        {
            keys = TrustedKeys.Load(options.TrustedKeyFiles);
            var installer = new ModelInstaller(options, keys, repository, faults, time, runtimeVersion ?? ModelCompatibility.RuntimeVersion);
            installer.ReloadActive();
            return installer;
        }
        catch
        {
            repository.Dispose();
            foreach (var key in keys)
            {
                key.Dispose();
            }

            throw;
        }
    }

    /// <summary>Checks <paramref name="bundle"/> and activates it, or rejects it and leaves the active model as it was.</summary>
    /// <param name="source">Where it came from, for the status and events ("cli", "api", "inbox:name", "mqtt").</param>
    public async Task<InstallOutcome> InstallAsync(byte[] bundle, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(source);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var outcome = Install(bundle, source);
            if (outcome.Reason == ModelRejection.AlreadyActive)
            {
                return outcome; // Nothing happened, so nothing to report: the status keeps the install that mattered.
            }

            _lastInstall = outcome;
            _record.Installed(outcome);
            Raise(new ModelDeliveryEvent(outcome.Activated ? ModelEventKind.Installed : ModelEventKind.Rejected, outcome.Label, outcome.Reason, outcome.Message, outcome.AtUtc));
            return outcome;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The operator's way back: reactivates the kept previous bundle (re-verified) and records it. The version
    /// rolled back from stays the highest seen, so only a newer release can replace the previous one again.
    /// </summary>
    public async Task<RollbackRecord> RollbackAsync(string reason, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var state = _state;
            if (state.Active is null)
            {
                throw new InvalidOperationException("no model is active, so there is nothing to roll back");
            }

            if (state.Previous is null)
            {
                throw new InvalidOperationException($"{state.Active.Label} is active and no previous bundle is kept to roll back to");
            }

            var replacement = Prepare(_repository.ReadBundle(state.Previous));
            return SwitchBack(replacement, RollbackKind.Operator, reason, reject: null);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Scoring's report of one run; enough failures or too many alerts roll the model back before this returns.</summary>
    public void ReportOutcome(ScoringModel model, ModelRunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!ReferenceEquals(model, _active) || _trigger.Observe(outcome) is not { } why)
        {
            return; // A run of a model already replaced says nothing about the active one.
        }

        _gate.Wait();
        try
        {
            if (_disposed || !ReferenceEquals(model, _active))
            {
                return;
            }

            RollBackFailing(why);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _faults.Report(FaultComponent, $"{model.Label} is failing ({why}) but the rollback could not be stored: {e.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    private InstallOutcome Install(byte[] bundle, string source)
    {
        var now = _time.GetUtcNow();
        string? label = null;
        ScoringModel? candidate = null;
        try
        {
            if (bundle.Length == 0)
            {
                throw new ModelRejectedException(ModelRejection.Unreadable, "the bundle is empty (0 bytes)");
            }

            var state = _state;
            var sha = ModelBundle.Sha256Hex(bundle);
            if (sha == state.Active?.BundleSha256 && _active is not null)
            {
                return new InstallOutcome(false, state.Active.Label, ModelRejection.AlreadyActive, $"{state.Active.Label} is this very bundle and already active", source, now);
            }

            var signer = "";
            candidate = Prepare(bundle, checkBeforeLoading: verified =>
            {
                label = $"{verified.Manifest.ModelId}@{verified.Manifest.Version}";
                signer = verified.SignerKeyId;
                CheckNewer(state, verified.Manifest, sha);
            });
            BeforeActivation?.Invoke();
            Activate(candidate, new InstalledModel(candidate.Manifest.ModelId, candidate.Manifest.Version, "", sha, signer, now, source), bundle);
            candidate = null;
            return new InstallOutcome(true, label, InstallOutcome.ActivatedReason, $"{label} is active", source, now);
        }
        catch (ModelRejectedException e)
        {
            return new InstallOutcome(false, label, e.Reason, e.Message, source, now);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new InstallOutcome(false, label, ModelRejection.StorageFailed, $"the bundle could not be stored: {e.Message}", source, now);
        }
        finally
        {
            candidate?.Onnx.Dispose();
        }
    }

    /// <summary>
    /// Anti-rollback: strictly above the highest version ever activated of the same model id, and never a bundle rolled
    /// back for failing. Per id because the manifest's modelId names a model line (docs/bundle-format.md) whose releases
    /// are numbered on their own; a fleet moving to a new line starts that line's numbers afresh.
    /// </summary>
    private static void CheckNewer(ModelState state, BundleManifest manifest, string bundleSha256)
    {
        if (state.Rejected.FirstOrDefault(r => r.BundleSha256 == bundleSha256) is { } rejected)
        {
            throw new ModelRejectedException(ModelRejection.PreviouslyRejected,
                $"{rejected.Label} was rolled back on {rejected.AtUtc:u} ({rejected.Message}) and is never installed again");
        }

        var highest = state.HighestVersionOf(manifest.ModelId);
        if (manifest.Version <= highest)
        {
            var relation = manifest.Version == highest ? "equal to" : "below";
            throw new ModelRejectedException(ModelRejection.NotNewer,
                $"version {manifest.Version} is {relation} {highest}, the highest version of {manifest.ModelId} this gateway has activated; only a newer version can be installed");
        }
    }

    /// <summary>Signature and hashes, then the caller's checks, input compatibility, ORT load and the test vectors.</summary>
    private ScoringModel Prepare(byte[] bundle, Action<VerifiedBundle>? checkBeforeLoading = null)
    {
        VerifiedBundle verified;
        try
        {
            verified = ModelBundle.Verify(bundle, [.. _trustedKeys]);
        }
        catch (BundleRejectedException e)
        {
            throw ModelRejectedException.From(e);
        }

        checkBeforeLoading?.Invoke(verified);
        ModelCompatibility.Check(verified.Manifest, _runtimeVersion);
        OnnxModel onnx;
        try
        {
            onnx = OnnxModel.Load(verified);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ModelRejectedException(ModelRejection.ModelLoadFailed, $"ONNX Runtime cannot load model.onnx: {e.Message}");
        }

        try
        {
            TestVectorCheck.Run(onnx, verified.TestVectors);
        }
        catch
        {
            onnx.Dispose();
            throw;
        }

        return new ScoringModel(verified.Manifest, onnx);
    }

    /// <summary>Stores the bundle (stage, fsync, rename), then switches state.json the same way, then the in-memory reference.</summary>
    private void Activate(ScoringModel model, InstalledModel installed, byte[] bundle)
    {
        var state = _state;
        installed = installed with { File = _repository.StoreBundle(installed.Version, installed.BundleSha256, bundle) };
        var next = state.WithHighest(installed) with { Active = installed, Previous = state.Active ?? state.Previous };
        _repository.SaveState(next); // The switch: from here on a restart loads the new model.
        _state = next;
        _keptWindowDays = KeptWindowDays(next);
        Swap(model);
        DeleteUnreferenced(next);
        _faults.Clear(FaultComponent);
    }

    private void RollBackFailing(string why)
    {
        var state = _state;
        var failing = state.Active!;
        var rejected = new RejectedModel(failing.Label, failing.BundleSha256, ModelRejection.FailedAtRunTime, why, _time.GetUtcNow());
        ScoringModel? replacement = null;
        var note = "";
        if (state.Previous is { } previous)
        {
            try
            {
                replacement = Prepare(_repository.ReadBundle(previous));
            }
            catch (ModelRejectedException e)
            {
                note = $"; the previous bundle {previous.Label} cannot be used either ({e.Message})";
            }
        }

        var record = SwitchBack(replacement, RollbackKind.Automatic, why + note, rejected);
        _faults.Report(FaultComponent, record.To is null
            ? $"{record.From} was rolled back ({record.Reason}); no model is scoring, local rules still run"
            : $"{record.From} was rolled back to {record.To}: {record.Reason}");
    }

    /// <summary>Makes <paramref name="replacement"/> (the previous bundle, or none) active and records why.</summary>
    private RollbackRecord SwitchBack(ScoringModel? replacement, RollbackKind kind, string reason, RejectedModel? reject)
    {
        var state = _state;
        var from = state.Active!;
        var to = replacement is null ? null : state.Previous;
        var record = new RollbackRecord(from.Label, to?.Label, kind, reason, _time.GetUtcNow());
        var rejectedList = reject is null ? state.Rejected : [.. state.Rejected.TakeLast(ModelState.RejectedKept - 1), reject];
        var next = state with { Active = to, Previous = null, Rejected = rejectedList, LastRollback = record };
        try
        {
            _repository.SaveState(next);
        }
        catch
        {
            replacement?.Onnx.Dispose();
            throw;
        }

        _state = next;
        _keptWindowDays = KeptWindowDays(next);
        _trigger.Reset();
        Swap(replacement);
        DeleteUnreferenced(next);
        _record.RolledBack(kind);
        Raise(new ModelDeliveryEvent(ModelEventKind.RolledBack, from.Label, kind.ToString(), reason, record.AtUtc) { To = record.To });
        return record;
    }

    /// <summary>At start: the active bundle must pass the checks again (keys or files may have changed while stopped).</summary>
    private void ReloadActive()
    {
        var state = _state;
        if (state.Active is not { } active)
        {
            return;
        }

        try
        {
            Swap(Prepare(_repository.ReadBundle(active)));
            return;
        }
        catch (ModelRejectedException e)
        {
            var why = $"{active.Label} failed its checks at start ({e.Reason}: {e.Message})";
            ScoringModel? previous = null;
            if (state.Previous is { } kept)
            {
                try
                {
                    previous = Prepare(_repository.ReadBundle(kept));
                }
                catch (ModelRejectedException p)
                {
                    why += $"; the previous bundle {kept.Label} failed too ({p.Reason}: {p.Message})";
                }
            }

            if (previous is null)
            {
                // Nothing usable: leave state.json as it is, so fixing the keys or files and restarting recovers.
                _faults.Report(FaultComponent, why + "; no model is scoring, local rules still run");
                return;
            }

            var record = SwitchBack(previous, RollbackKind.Automatic, why, reject: null);
            _faults.Report(FaultComponent, $"{record.From} was rolled back to {record.To}: {why}");
        }
    }

    /// <summary>The longest window of <paramref name="state"/>'s bundles, read from their manifests (unverified: it only makes retention keep more).</summary>
    private int KeptWindowDays(ModelState state)
    {
        var days = 0;
        foreach (var installed in new[] { state.Active, state.Previous })
        {
            try
            {
                days = installed is null ? days : Math.Max(days, ModelBundle.ReadManifestUnverified(_repository.ReadBundle(installed)).FeatureSpec.WindowDays);
            }
            catch (Exception e) when (e is ModelRejectedException or BundleRejectedException)
            {
                // Unreadable or altered: it can neither score nor be rolled back to, so it needs no days.
            }
        }

        return days;
    }

    /// <summary>Swaps the reference scoring reads; the replaced model stays open for the grace period so runs that took it can finish.</summary>
    private void Swap(ScoringModel? next)
    {
        if (Interlocked.Exchange(ref _active, next) is { } old)
        {
            _retired.Retire(old);
        }
    }

    private void DeleteUnreferenced(ModelState state)
    {
        try
        {
            _repository.DeleteUnreferenced(state);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover old bundle wastes space but harms nothing; the state file already says which ones count.
            _faults.Report(FaultComponent + "-files", $"an old bundle in {_repository.Directory} could not be deleted: {e.Message}");
        }
    }

    private void Raise(ModelDeliveryEvent e) => Changed?.Invoke(this, e);

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Interlocked.Exchange(ref _active, null)?.Onnx.Dispose();
            _retired.Dispose();

            _repository.Dispose();
            foreach (var key in _trustedKeys)
            {
                key.Dispose();
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
