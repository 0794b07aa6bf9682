using Edge.MeterAdapter.Transport;
using Edge.MeterSim.Dsmr;
using Edge.MeterSim.Meter;

namespace Edge.Gateway.Demo;

/// <summary>
/// A simulated DSMR 5 meter on a pseudo-terminal: every <see cref="DsmrMeterSimulatorOptions.Interval"/> of demo
/// time it writes a telegram to the master end; the gateway reads the slave end like a real P1 port.
/// </summary>
internal sealed class SimulatedDsmrLine : IDisposable
{
    private readonly PseudoTerminal _pty;
    private readonly DsmrMeterSimulator _simulator;

    public SimulatedDsmrLine(SimulatedMeterState meter, DsmrMeterSimulatorOptions options)
    {
        _pty = PseudoTerminal.Open();
        _simulator = new DsmrMeterSimulator(meter, options);
    }

    /// <summary>The device path the gateway opens.</summary>
    public string Device => _pty.SlavePath;

    public SimulatedMeterState Meter => _simulator.Meter;

    public long TelegramsSent { get; private set; }

    /// <summary>Plays the meter on <paramref name="clock"/> until cancelled (the gateway decides when its day is complete).</summary>
    public async Task RunAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_simulator.Options.Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var emission = _simulator.Next();
                if (emission.Sent)
                {
                    await _pty.Master.WriteAsync(emission.Wire, cancellationToken).ConfigureAwait(false);
                    await _pty.Master.FlushAsync(cancellationToken).ConfigureAwait(false);
                    TelegramsSent++;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the demo.
        }
    }

    public void Dispose() => _pty.Dispose();
}
