namespace Edge.Runtime.Config;

/// <summary>
/// Model delivery: trusted keys, where bundles arrive and are installed, when a bad model is rolled back:
/// <c>models</c> in the file. Rules and file layout: docs/model-delivery.md.
/// </summary>
public sealed record ModelsConfig
{
    /// <summary>Public key PEM files of the keys allowed to sign bundles; with none, every bundle is refused (UnknownKey).</summary>
    public IReadOnlyList<string> TrustedKeyFiles { get; set; } = [];

    /// <summary>Installed bundles and state.json; empty means "models" inside the data directory.</summary>
    public string ModelDirectory { get; set; } = string.Empty;

    /// <summary>Drop-folder scanned for *.bundle files; empty means "model-inbox" inside the data directory.</summary>
    public string InboxDirectory { get; set; } = string.Empty;

    public bool InboxEnabled { get; set; } = true;

    public int InboxPollSeconds { get; set; } = 10;

    /// <summary>Failed scoring runs in a row (exception, NaN score) after which the active model is rolled back.</summary>
    public int RollbackAfterFailedRuns { get; set; } = 3;

    /// <summary>Model alerts per meter scored in one run above which the active model is rolled back.</summary>
    public double MaxAlertRate { get; set; } = 0.5;

    /// <summary>Runs with fewer scored meters than this never trip <see cref="MaxAlertRate"/>.</summary>
    public int AlertRateMinimumMeters { get; set; } = 10;

    /// <summary>Seconds a replaced model stays loaded for scoring runs that started before the swap.</summary>
    public int RetiredModelGraceSeconds { get; set; } = 300;

    public void Validate(ConfigProblems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        for (var i = 0; i < TrustedKeyFiles.Count; i++)
        {
            problems.Required(TrustedKeyFiles[i], ConfigProblems.Item(ConfigProblems.Key(path, "trustedKeyFiles"), i));
        }

        problems.InRange(InboxPollSeconds, 1, 86_400, ConfigProblems.Key(path, "inboxPollSeconds"), "s");
        problems.InRange(RollbackAfterFailedRuns, 1, 1000, ConfigProblems.Key(path, "rollbackAfterFailedRuns"));
        problems.Check(MaxAlertRate is > 0 and <= 1, ConfigProblems.Key(path, "maxAlertRate"), $"{MaxAlertRate} must be above 0 and at most 1");
        problems.InRange(AlertRateMinimumMeters, 1, 1_000_000, ConfigProblems.Key(path, "alertRateMinimumMeters"));
        problems.InRange(RetiredModelGraceSeconds, 0, 86_400, ConfigProblems.Key(path, "retiredModelGraceSeconds"), "s");
    }
}
