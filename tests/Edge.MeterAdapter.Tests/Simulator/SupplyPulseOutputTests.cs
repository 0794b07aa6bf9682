using System.Device.Gpio;
using Edge.MeterAdapter.S0;
using Edge.MeterSim.Consumption;
using Edge.MeterSim.Meter;
using Microsoft.Extensions.Time.Testing;

namespace Edge.MeterAdapter.Tests.Simulator;

public class SupplyPulseOutputTests
{
    [Fact]
    public void Carries_fractions_so_pulses_match_the_energy_over_many_steps()
    {
        // 1000 imp/kWh = 1 pulse per Wh. 0.4 Wh per step: pulses after steps 3, 5, 8, 10 -> 4 pulses for 4 Wh.
        var output = new SupplyPulseOutput(1000, TimeSpan.FromMilliseconds(30));
        var counts = Enumerable.Range(0, 10).Select(_ => output.PulsesFor(0.4, TimeSpan.FromSeconds(1)).Count).ToArray();
        Assert.Equal([0, 0, 1, 0, 1, 0, 0, 1, 0, 1], counts);
        Assert.Equal(4, output.PulsesEmitted);
    }

    [Fact]
    public void A_bypassed_meter_registers_half_while_the_s0_input_counts_the_true_energy()
    {
        // 48 kWh/day (2 kW on average) for one simulated hour in 10-second steps, register bypassed to half.
        var start = new DateTimeOffset(2026, 1, 12, 0, 0, 0, TimeSpan.Zero);
        var meter = new SimulatedMeterState(DailyEnergyProfile.Constant(48, DateOnly.FromDateTime(start.UtcDateTime)),
            new TheftBehaviour { BypassFactor = 0.5 }, start);
        var clock = new FakeTimeProvider(start);
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var input = new S0PulseInput(controller, 17, new S0Options { LineName = "supply", ImpulsesPerKwh = 1000 }, clock);
        var output = new SupplyPulseOutput(1000, TimeSpan.FromMilliseconds(30));

        var step = TimeSpan.FromSeconds(10);
        for (var t = 0; t < 360; t++)
        {
            var before = meter.TrueEnergyWh;
            meter.Advance(step);
            var elapsed = TimeSpan.Zero;
            foreach (var (active, idle) in output.PulsesFor(meter.TrueEnergyWh - before, step))
            {
                clock.Advance(active - elapsed);
                driver.DriveInput(17, PinValue.Low); // S0 open collector pulls the line low while active
                clock.Advance(idle - active);
                driver.DriveInput(17, PinValue.High);
                elapsed = idle;
            }

            clock.Advance(step - elapsed);
        }

        var trueWh = SimulatedMeterState.WholeWattHours(meter.TrueEnergyWh);
        var registerWh = SimulatedMeterState.WholeWattHours(meter.ImportTariff1Wh + meter.ImportTariff2Wh);
        Assert.Equal(output.PulsesEmitted, input.Pulses);
        Assert.Equal(trueWh, input.Read().Energy.TotalImportWh);
        // The register shows half the true energy (within a watt-hour of rounding): the bypass evidence.
        Assert.InRange(registerWh, (trueWh / 2) - 1, (trueWh / 2) + 1);
        // The household shape makes the small hours quieter than the daily average, but still hundreds of pulses.
        Assert.True(trueWh > 500, $"expected hundreds of Wh in the hour, got {trueWh} Wh");
    }
}
