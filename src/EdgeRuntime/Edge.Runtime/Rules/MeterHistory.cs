using Edge.Runtime.Daily;
using Edge.Runtime.Storage;

namespace Edge.Runtime.Rules;

/// <summary>
/// What the rules and the model see of one meter at a run: its raw readings since the start of <see cref="Daily"/>'s
/// first day up to the run's time (streamed, see <see cref="RawReadings"/>) and its daily series, which ends with the
/// last complete local day.
/// </summary>
public sealed record MeterHistory(string MeterId, RawReadings Readings, DailySeries Daily)
{
    /// <summary>The meter's stored power-failure log entries that ended in the span of <see cref="Readings"/>, oldest first.</summary>
    public IReadOnlyList<LoggedPowerFailure> PowerFailureLog { get; init; } = [];
}
