using Edge.MeterAdapter.Iec62056;
using Edge.MeterAdapter.Obis;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Tests.Simulator;
using Edge.MeterSim.Iec62056;
using Edge.MeterSim.Meter;

namespace Edge.MeterAdapter.Tests.Iec62056;

/// <summary>
/// Power failures come from the EDIS code C.7.0; the tamper count from the code configured for the meter type
/// (there is no standard one), so a meter type without that setting reports no tamper count at all.
/// </summary>
public sealed class Iec62056EventCounterTests
{
    private static readonly IdentificationMessage Identification = IdentificationMessage.Parse("/ISk5MT174-0001\r\n"u8, out _)!;
    private static readonly DateTimeOffset GatewayTime = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static MeterReading Map(ObisCode? tamperCode, params string[] lines)
    {
        var decoded = DataMessage.Decode(DataMessage.Encode(lines));
        Assert.True(decoded.IsAccepted, decoded.ToString());
        return Iec62056ReadingMapper.ToReading(decoded.DataSets, Identification, GatewayTime, TimeSpan.Zero, tamperCode);
    }

    [Fact]
    public void Counters_are_read_from_C7_and_the_configured_tamper_code()
    {
        var reading = Map(ObisCode.Parse("C.51.0"), "C.1.0(1)", "1.8.0(0000001.000*kWh)", "C.7.0(0003)", "C.51.0(0002)");

        Assert.Equal(3, reading.Events.PowerFailures);
        Assert.Equal(2, reading.Events.TamperEvents);
    }

    [Fact]
    public void Without_a_configured_code_no_tamper_count_is_guessed()
    {
        var reading = Map(null, "C.1.0(1)", "1.8.0(0000001.000*kWh)", "C.7.0(0003)", "C.51.0(0002)");

        Assert.Equal(3, reading.Events.PowerFailures);
        Assert.Null(reading.Events.TamperEvents);
    }

    [Theory]
    [InlineData("C.7.0(-1)")]
    [InlineData("C.7.0(1.5)")]
    [InlineData("C.7.0(abc)")]
    public void A_counter_that_is_not_a_whole_count_is_unknown(string line)
    {
        Assert.Null(Map(null, "C.1.0(1)", "1.8.0(0000001.000*kWh)", line).Events.PowerFailures);
    }

    [Fact]
    public void The_simulated_meter_reports_its_events_through_the_readout()
    {
        var meter = new SimulatedMeterState(TestMeters.FlatOneKilowatt, TheftBehaviour.Honest, TestMeters.WeekdayNoon);
        meter.RecordTamper();
        meter.RecordTamper();
        meter.RecordPowerFailure(isLong: false);
        var sim = new IecMeterSimulator(meter, "55");

        var reading = Map(ObisCode.Parse(IecMeterSimulator.TamperCounterCode), [.. sim.DataLines()]);

        Assert.Equal(2, reading.Events.TamperEvents);
        Assert.Equal(1, reading.Events.PowerFailures);
    }

    [Fact]
    public void Event_rates_are_drawn_for_request_response_meters_too()
    {
        // 60 tamper events per hour over 10-second steps: a 1/6 chance per step, about 10 events in 60 steps.
        var meter = new SimulatedMeterState(TestMeters.FlatOneKilowatt, new TheftBehaviour { TamperPerHour = 60 }, TestMeters.WeekdayNoon);
        var draw = new MeterEventDraw(seed: 3);
        for (var i = 0; i < 60; i++)
        {
            meter.Advance(TimeSpan.FromSeconds(10));
            draw.Draw(meter, TimeSpan.FromSeconds(10));
        }

        // Binomial(60, 1/6): mean 10, sd 2.9; 2..20 is beyond 2.7 sd either way.
        Assert.InRange(meter.TamperEvents, 2, 20);
        Assert.Equal(0, meter.PowerFailures);
    }
}
