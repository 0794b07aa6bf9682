using CsCheck;
using Edge.MeterAdapter.Readings;
using Edge.Runtime.Daily;
using Edge.Runtime.Rules;

namespace Edge.Runtime.Tests.Rules;

/// <summary>
/// The streamed rules find exactly what <see cref="ListRuleReference"/> finds over a list of all readings, with the same
/// evidence, on random meters: readings up to four days before the run and two hours after it, on a 10-minute grid so
/// that times repeat, with registers, powers, voltages and counters each sometimes absent, counters that go down, and
/// random thresholds.
/// </summary>
public sealed class StreamedRulesReferenceTests
{
    private static readonly DateTimeOffset Now = RuleHistories.Now;

    private static readonly Gen<MeterReading> GenReading =
        Gen.Select(
            Gen.Int[-4 * 144, 12],
            Gen.Long[0, 3000].Nullable(),
            Gen.Select(Gen.Double[-1000, 1000].Nullable(), Gen.Double[0, 400].Nullable()),
            Gen.Frequency((20, Gen.Double[0, 260].Nullable()), (1, Gen.Const<double?>(double.NaN))).Array[0, 3],
            Gen.Select(Gen.Int[0, 8].Nullable(), Gen.Int[0, 8].Nullable()))
        .Select((slot, exportWh, power, volts, counters) => new MeterReading
        {
            MeterId = "m",
            Protocol = MeterProtocol.DsmrP1,
            GatewayTime = Now.AddMinutes(10 * slot),
            Energy = new EnergyRegisters { ExportTotalWh = exportWh },
            Instant = new InstantaneousValues { ImportPowerW = power.Item1, ExportPowerW = power.Item2, VoltageV = volts },
            Events = new MeterEvents { TamperEvents = counters.Item1, PowerFailures = counters.Item2 },
        });

    /// <summary>Up to three meters, each with its readings and 1..4 days of daily kWh, mostly zero.</summary>
    private static readonly Gen<Dictionary<string, (MeterReading[] Readings, float[] Kwh)>> GenMeters =
        Gen.Select(GenReading.Array[0, 80], Gen.Frequency((4, Gen.Const(0f)), (1, Gen.Const(0.5f)), (1, Gen.Const(float.NaN))).Array[1, 4])
            .Array[1, 3]
            .Select(meters => meters
                .Select((m, i) => (Id: "m" + i, m.Item1, m.Item2))
                .ToDictionary(m => m.Id, m => (m.Item2.Select(r => r with { MeterId = m.Id }).ToArray(), m.Item3), StringComparer.Ordinal));

    private static RuleInput Input(Dictionary<string, (MeterReading[] Readings, float[] Kwh)> meters) =>
        RuleHistories.Input([.. meters.Select(m => RuleHistories.Meter(m.Key, m.Value.Kwh, m.Value.Readings))]);

    private static Dictionary<string, MeterReading[]> Readings(Dictionary<string, (MeterReading[] Readings, float[] Kwh)> meters) =>
        meters.ToDictionary(m => m.Key, m => m.Value.Readings, StringComparer.Ordinal);

    private static List<(string, string)> Found(IEnumerable<Edge.Runtime.Alerts.Alert> alerts) =>
        [.. alerts.Select(a => (a.MeterId, a.Evidence))];

    [Fact]
    public void Reverse_energy_equals_the_list_reference()
    {
        var thresholds = Gen.Select(Gen.Int[1, 3], Gen.Long[0, 50], Gen.Double[0, 100], Gen.Int[1, 5])
            .Select((days, wh, w, n) => new ReverseEnergyThresholds { PeriodDays = days, MinimumExportWh = wh, MinimumReversePowerW = w, MinimumReverseReadings = n });
        var found = 0;
        Gen.Select(GenMeters, thresholds).Sample((meters, t) =>
        {
            var input = Input(meters);
            var expected = ListRuleReference.ReverseEnergy(Readings(meters), input, t);
            Assert.Equal(expected, Found(new ReverseEnergyRule(t).Evaluate(input)));
            Interlocked.Add(ref found, expected.Count);
        }, iter: 400, seed: "0RuleStream1");
        Assert.True(found > 50, $"only {found} findings in 400 cases: the cases hardly test the findings");
    }

    [Fact]
    public void Event_bursts_equal_the_list_reference()
    {
        var thresholds = Gen.Select(Gen.Int[1, 80], Gen.Int[1, 6]).Select((h, n) => new EventBurstThresholds { WindowHours = h, MinimumEvents = n });
        var found = 0;
        Gen.Select(GenMeters, thresholds).Sample((meters, t) =>
        {
            var input = Input(meters);
            var tamper = ListRuleReference.EventBurst(Readings(meters), input, "tamper", e => e.TamperEvents, t);
            Assert.Equal(tamper, Found(EventBurstRule.Tamper(t).Evaluate(input)));
            Assert.Equal(ListRuleReference.EventBurst(Readings(meters), input, "power-failure", e => e.PowerFailures, t), Found(EventBurstRule.PowerFailures(t).Evaluate(input)));
            Interlocked.Add(ref found, tamper.Count);
        }, iter: 400, seed: "0RuleStream2");
        Assert.True(found > 50, $"only {found} findings in 400 cases: the cases hardly test the findings");
    }

    [Fact]
    public void Zero_with_voltage_equals_the_list_reference()
    {
        var thresholds = Gen.Select(Gen.Int[1, 3], Gen.Double[100, 250]).Select((d, v) => new ZeroWithVoltageThresholds { Days = d, MinimumVoltageV = v });
        var found = 0;
        Gen.Select(GenMeters, thresholds).Sample((meters, t) =>
        {
            var input = Input(meters);
            var expected = ListRuleReference.ZeroWithVoltage(Readings(meters), input, t);
            Assert.Equal(expected, Found(new ZeroWithVoltageRule(t).Evaluate(input)));
            Interlocked.Add(ref found, expected.Count);
        }, iter: 400, seed: "0RuleStream3");
        Assert.True(found > 50, $"only {found} findings in 400 cases: the cases hardly test the findings");
    }
}
