using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;
using Edge.MeterSim.Consumption;
using Edge.MeterSim.Dsmr;
using Edge.MeterSim.Faults;
using Edge.MeterSim.Meter;

namespace Edge.MeterAdapter.Tests.Simulator;

public sealed class DsmrMeterSimulatorTests
{
    [Fact]
    public void Clean_telegrams_decode_to_the_simulators_expected_reading()
    {
        var meter = new SimulatedMeterState(TestMeters.FlatOneKilowatt, TheftBehaviour.Honest, TestMeters.WeekdayNoon, initialImportWh: 2_000_000);
        var sim = new DsmrMeterSimulator(meter, new DsmrMeterSimulatorOptions());
        var decoder = new DsmrDecoder(new DsmrOptions { RequireCrc = true });
        var readings = new List<MeterReading>();

        var emissions = Enumerable.Range(0, 3600).Select(_ => sim.Next()).ToList();
        foreach (DsmrEmission e in emissions)
        {
            Assert.True(e.Intact);
            Assert.Equal(e.Telegram, e.Wire);
            decoder.Feed(e.Wire, e.TrueTime, readings);
        }

        Assert.Equal(3600, readings.Count);
        Assert.Equal(0, decoder.Counters.Rejects.Total);
        MeterReading last = readings[^1];
        // One hour at 1 kW on tariff 2 from 12:00 CET: 1 000 000 + 1000 Wh (whole Wh shown).
        Assert.Equal(1_000_000, last.Energy.ImportTariff1Wh);
        Assert.Equal(1_001_000, last.Energy.ImportTariff2Wh);
        Assert.Equal(2, last.Energy.ActiveTariff);
        Assert.Equal(1000, last.Instant.ImportPowerW);
        Assert.Equal(new DateTimeOffset(2026, 1, 13, 13, 0, 0, TimeSpan.FromHours(1)), last.MeterTime);
        Assert.Equal("E0026000012345678", last.MeterId);
        Assert.Equal(emissions[^1].Expected.Energy, last.Energy);
    }

    [Fact]
    public void Bypass_shows_in_the_registers_while_true_energy_stays_available_for_pulses()
    {
        var meter = new SimulatedMeterState(TestMeters.FlatOneKilowatt, new TheftBehaviour { BypassFactor = 0.4 }, TestMeters.WeekdayNoon);
        var sim = new DsmrMeterSimulator(meter, new DsmrMeterSimulatorOptions());
        DsmrEmission last = sim.Next();
        for (int i = 1; i < 3600; i++)
        {
            last = sim.Next();
        }

        Assert.Equal(1000, meter.TrueEnergyWh, 6);
        Assert.Equal(400, last.Expected.Energy.TotalImportWh);
        Assert.Equal(400, last.Expected.Instant.ImportPowerW);
    }

    [Fact]
    public void Power_failures_are_counted_in_the_telegram()
    {
        var meter = new SimulatedMeterState(TestMeters.FlatOneKilowatt, new TheftBehaviour { PowerFailuresPerHour = 360 }, TestMeters.WeekdayNoon);
        var sim = new DsmrMeterSimulator(meter, new DsmrMeterSimulatorOptions { Seed = 5 });
        var decoder = new DsmrDecoder(new DsmrOptions { RequireCrc = true });
        var readings = new List<MeterReading>();
        for (int i = 0; i < 600; i++)
        {
            decoder.Feed(sim.Next().Wire, TestMeters.WeekdayNoon, readings);
        }

        // 360 per hour for 10 minutes: about 60 (binomial, sd ~7.7).
        int total = readings[^1].Events.PowerFailures!.Value + readings[^1].Events.LongPowerFailures!.Value;
        Assert.InRange(total, 30, 90);
        Assert.Equal(meter.PowerFailures, readings[^1].Events.PowerFailures);
        Assert.Equal(meter.LongPowerFailures, readings[^1].Events.LongPowerFailures);
    }

    [Fact]
    public void An_unplug_loses_the_telegrams_of_its_duration_and_the_next_one_is_sent()
    {
        var meter = new SimulatedMeterState(TestMeters.FlatOneKilowatt, TheftBehaviour.Honest, TestMeters.WeekdayNoon);
        var faults = new FaultRates { Unplug = 1, UnplugDuration = TimeSpan.FromSeconds(4) };
        var sim = new DsmrMeterSimulator(meter, new DsmrMeterSimulatorOptions { Faults = faults });
        bool[] sent = Enumerable.Range(0, 10).Select(_ => sim.Next().Sent).ToArray();
        Assert.Equal([false, false, false, false, true, false, false, false, false, true], sent);
    }
}
