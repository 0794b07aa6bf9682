namespace Edge.MeterSim.Meter;

/// <summary>
/// Plays a <see cref="SupplyPulseOutput"/>'s pulses on a line in real (wall-clock) time: the line goes active for the
/// pulse width at evenly spaced moments of each step. The line is an action so the same player drives a real GPIO
/// output (meter-sim --s0-line) or a simulated gateway input (the gateway demo).
/// </summary>
public sealed class S0PulsePlayer(SupplyPulseOutput output, Action<bool> setLine, TimeProvider time)
{
    /// <summary>Plays the pulses for <paramref name="trueEnergyWh"/> spread over <paramref name="wallStep"/>, returning when the step is over.</summary>
    public async Task PlayStepAsync(double trueEnergyWh, TimeSpan wallStep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        long start = time.GetTimestamp();
        foreach (var (active, idle) in output.PulsesFor(trueEnergyWh, wallStep))
        {
            await DelayUntil(start, active, cancellationToken).ConfigureAwait(false);
            setLine(true);
            await DelayUntil(start, idle, cancellationToken).ConfigureAwait(false);
            setLine(false);
        }

        await DelayUntil(start, wallStep, cancellationToken).ConfigureAwait(false);
    }

    private Task DelayUntil(long start, TimeSpan offset, CancellationToken cancellationToken)
    {
        TimeSpan wait = offset - time.GetElapsedTime(start);
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }
}
