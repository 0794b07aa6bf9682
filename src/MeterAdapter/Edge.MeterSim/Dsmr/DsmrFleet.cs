using Edge.MeterAdapter.Transport;

namespace Edge.MeterSim.Dsmr;

/// <summary>
/// DSMR meters played on pseudo-terminals from one process: one pty and one simulator per meter, each pushing its
/// telegram every <see cref="DsmrMeterSimulatorOptions.Interval"/> of meter time (divided by the speed) on its own loop,
/// so a reader that stops draining one pty holds up only that meter. The meters' first telegrams are spread over one
/// period, as meters on separate P1 ports are not in step.
/// </summary>
public sealed class DsmrFleet : IDisposable
{
    private readonly IReadOnlyList<DsmrMeterSimulator> _meters;
    private readonly PseudoTerminal[] _ptys;
    private readonly double _speed;
    private readonly TimeProvider _time;

    /// <param name="meters">One simulator per meter; each gets its own pty, in this order.</param>
    /// <param name="speed">Meter seconds per wall-clock second.</param>
    public DsmrFleet(IReadOnlyList<DsmrMeterSimulator> meters, double speed, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentOutOfRangeException.ThrowIfZero(meters.Count);
        if (!(speed > 0 && double.IsFinite(speed)))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "the speed must be a positive number");
        }

        _meters = meters;
        _speed = speed;
        _time = time;
        _ptys = new PseudoTerminal[meters.Count];
        try
        {
            for (var i = 0; i < _ptys.Length; i++)
            {
                _ptys[i] = PseudoTerminal.Open();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The device path of each meter's pty (what a reader opens), in the order of the meters.</summary>
    public IReadOnlyList<string> SlavePaths => [.. _ptys.Select(p => p.SlavePath)];

    /// <summary>
    /// Called after each meter's period with the meter's index, its emission and the true Wh that flowed in the period,
    /// before the wait for the next period (the S0 output plays its pulses here; the command logs faults).
    /// </summary>
    public Func<int, DsmrEmission, double, CancellationToken, ValueTask>? AfterPeriod { get; init; }

    /// <summary>Plays every meter until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_meters.Select((_, i) => PlayAsync(i, cancellationToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task PlayAsync(int index, CancellationToken cancellationToken)
    {
        var sim = _meters[index];
        var meter = sim.Meter;
        var wire = _ptys[index].Master;
        var period = sim.Options.Interval / _speed;
        var ticksPerPeriod = (long)(period.TotalSeconds * _time.TimestampFrequency);
        var next = _time.GetTimestamp() + (ticksPerPeriod * index / _meters.Count);
        await WaitUntilAsync(next, cancellationToken).ConfigureAwait(false);
        while (!cancellationToken.IsCancellationRequested)
        {
            var trueWhBefore = meter.TrueEnergyWh;
            var emission = sim.Next();
            if (emission.Sent)
            {
                await wire.WriteAsync(emission.Wire, cancellationToken).ConfigureAwait(false);
            }

            if (AfterPeriod is { } after)
            {
                await after(index, emission, meter.TrueEnergyWh - trueWhBefore, cancellationToken).ConfigureAwait(false);
            }

            next += ticksPerPeriod;
            await WaitUntilAsync(next, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        var wait = _time.GetElapsedTime(_time.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        foreach (var pty in _ptys)
        {
            pty?.Dispose();
        }
    }
}
