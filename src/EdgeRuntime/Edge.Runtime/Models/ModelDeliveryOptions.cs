using Edge.Runtime.Config;

namespace Edge.Runtime.Models;

/// <summary>
/// Where model delivery keeps its files, whom it trusts and when it gives up on a model (docs/model-delivery.md).
/// The daemon binds the config's `models` section to this.
/// </summary>
public sealed record ModelDeliveryOptions
{
    /// <summary>PEM files (SubjectPublicKeyInfo, ECDSA P-256) of the keys allowed to sign bundles; with none, every bundle is refused.</summary>
    public required IReadOnlyList<string> TrustedKeyFiles { get; init; }

    /// <summary>Installed bundles and state.json live here; only model delivery writes it.</summary>
    public required string ModelDirectory { get; init; }

    /// <summary>Drop-folder for bundles (`*.bundle`); null disables the inbox.</summary>
    public string? InboxDirectory { get; init; }

    /// <summary>How often the inbox is scanned.</summary>
    public TimeSpan InboxPollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Consecutive failed scoring runs (exception, NaN score) after which the active model is rolled back.</summary>
    public int RollbackAfterFailedRuns { get; init; } = 3;

    /// <summary>Model alerts per meter scored in one run above which the model is rolled back (a model flagging everyone is broken).</summary>
    public double MaxAlertRate { get; init; } = 0.5;

    /// <summary>Runs scoring fewer meters than this do not trip the alert-rate bound (one alert among two meters is not a rate).</summary>
    public int AlertRateMinimumMeters { get; init; } = 10;

    /// <summary>How long a replaced model's ORT session stays open for scoring runs that took it before the swap.</summary>
    public TimeSpan RetiredModelGrace { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The config's <c>models</c> section with its paths made absolute (defaults inside the data directory).</summary>
    public static ModelDeliveryOptions FromConfig(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var models = config.Models;
        string InData(string configured, string fallback) =>
            configured.Length > 0 ? config.ResolvePath(configured) : Path.Combine(config.DataPath, fallback);
        return new ModelDeliveryOptions
        {
            TrustedKeyFiles = [.. models.TrustedKeyFiles.Select(config.ResolvePath)],
            ModelDirectory = InData(models.ModelDirectory, "models"),
            InboxDirectory = models.InboxEnabled ? InData(models.InboxDirectory, "model-inbox") : null,
            InboxPollInterval = TimeSpan.FromSeconds(models.InboxPollSeconds),
            RollbackAfterFailedRuns = models.RollbackAfterFailedRuns,
            MaxAlertRate = models.MaxAlertRate,
            AlertRateMinimumMeters = models.AlertRateMinimumMeters,
            RetiredModelGrace = TimeSpan.FromSeconds(models.RetiredModelGraceSeconds),
        };
    }

    /// <summary>Throws <see cref="FormatException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        string? problem = this switch
        {
            { ModelDirectory.Length: 0 } => "models.modelDirectory is empty",
            { RollbackAfterFailedRuns: < 1 } => $"models.rollbackAfterFailedRuns must be at least 1, got {RollbackAfterFailedRuns}",
            _ when MaxAlertRate is <= 0 or > 1 || double.IsNaN(MaxAlertRate) => $"models.maxAlertRate must be in (0, 1], got {MaxAlertRate}",
            { AlertRateMinimumMeters: < 1 } => $"models.alertRateMinimumMeters must be at least 1, got {AlertRateMinimumMeters}",
            _ when InboxPollInterval <= TimeSpan.Zero => "models.inboxPollInterval must be positive",
            _ when RetiredModelGrace < TimeSpan.Zero => "models.retiredModelGrace must not be negative",
            _ => null,
        };
        if (problem is not null)
        {
            throw new FormatException(problem);
        }
    }
}
