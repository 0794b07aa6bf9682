using System.Device.Gpio;
using Edge.MeterAdapter.S0;
using Edge.MeterSim.Meter;

namespace Edge.Gateway.Demo;

/// <summary>
/// The S0 output of a simulated meter wired to a gateway GPIO input: it pulses (active low, as an S0 open collector
/// with a pull-up) for the meter's TRUE energy, whatever its register records, onto a <see cref="SimulatedGpioDriver"/>
/// pin the gateway's S0 input counts. Pulses are played in wall-clock time so their widths are real milliseconds.
/// </summary>
internal sealed class SimulatedPulseLine(SimulatedMeterState meter, SimulatedGpioDriver driver, int pin, int impulsesPerKwh)
{
    /// <summary>Wall-clock time over which each batch of pulses is spread; long enough for a few pulses at peak power.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        driver.DriveInput(pin, PinValue.High);
        var player = new S0PulsePlayer(
            new SupplyPulseOutput(impulsesPerKwh, TimeSpan.FromMilliseconds(30)),
            active => driver.DriveInput(pin, active ? PinValue.Low : PinValue.High),
            TimeProvider.System);
        var played = meter.TrueEnergyWh;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = meter.TrueEnergyWh;
                await player.PlayStepAsync(Math.Max(0, now - played), Step, cancellationToken).ConfigureAwait(false);
                played = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }
}
