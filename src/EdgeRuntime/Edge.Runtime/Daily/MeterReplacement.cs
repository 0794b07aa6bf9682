namespace Edge.Runtime.Daily;

/// <summary>
/// A meter swap declared by the technician who did it: at <paramref name="Time"/> the old meter's import register read
/// <paramref name="OldFinalWh"/> and the new meter's read <paramref name="NewInitialWh"/>. With it, the register drop is
/// consumption on both meters, not a negative delta.
/// </summary>
public sealed record MeterReplacement(string MeterId, DateTimeOffset Time, long OldFinalWh, long NewInitialWh);
