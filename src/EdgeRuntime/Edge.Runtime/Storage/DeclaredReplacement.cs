using Edge.Runtime.Daily;

namespace Edge.Runtime.Storage;

/// <summary>
/// A meter replacement as stored in <c>meter_replacements</c>: the swap (meter, instant, both registers) and who
/// declared it, when, and why; and, when it was declared by mistake, who withdrew it, when and why (a withdrawn one is
/// kept for audit but no longer applies). Shown by the API, the CLI and the technician page.
/// </summary>
public sealed record DeclaredReplacement(
    long Id,
    string MeterId,
    DateTimeOffset At,
    long OldFinalWh,
    long NewInitialWh,
    string DeclaredBy,
    DateTimeOffset DeclaredAt,
    string? Note)
{
    /// <summary>When the declaration was withdrawn (gateway clock); null while it applies.</summary>
    public DateTimeOffset? WithdrawnAt { get; init; }

    public string? WithdrawnBy { get; init; }

    public string? WithdrawnReason { get; init; }

    /// <summary>The swap as the daily series needs it.</summary>
    public MeterReplacement ToReplacement() => new(MeterId, At, OldFinalWh, NewInitialWh);
}
