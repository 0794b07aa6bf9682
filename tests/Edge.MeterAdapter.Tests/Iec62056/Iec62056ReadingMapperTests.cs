using Edge.MeterAdapter.Iec62056;
using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Tests.Iec62056;

public sealed class Iec62056ReadingMapperTests
{
    private static readonly DateTimeOffset GatewayTime = new(2026, 11, 24, 12, 45, 3, TimeSpan.Zero);
    private static readonly IdentificationMessage Identification = IdentificationMessage.Parse("/ISk5MT174-0001\r\n"u8, out _)!;

    private static MeterReading Map(params string[] lines)
    {
        var decoded = DataMessage.Decode(DataMessage.Encode(lines));
        Assert.True(decoded.IsAccepted, decoded.ToString());
        return Iec62056ReadingMapper.ToReading(decoded.DataSets, Identification, GatewayTime, TimeSpan.FromHours(1));
    }

    [Fact]
    public void Full_readout_maps_every_register()
    {
        var reading = Map(
            "C.1.0(12345678)",
            "0.9.1(134501)",
            "0.9.2(261124)",
            "1.8.0(0012345.678*kWh)",
            "1.8.1(0010000.001*kWh)",
            "1.8.2(0002345.677*kWh)",
            "2.8.0(0000012.5*kWh)",
            "32.7.0(231.4*V)",
            "31.7.0(4.25*A)",
            "16.7.0(-0.850*kW)");

        Assert.Equal("12345678", reading.MeterId);
        Assert.Equal(MeterProtocol.Iec62056ModeC, reading.Protocol);
        Assert.Equal(ReadingQuality.Good, reading.Quality);
        // Meter clock 24 Nov 2026 13:45:01 in UTC+1.
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 13, 45, 1, TimeSpan.FromHours(1)), reading.MeterTime);
        Assert.Equal(GatewayTime, reading.GatewayTime);
        // 0012345.678 kWh = 12 345 678 Wh; 10 000.001 kWh = 10 000 001 Wh; 2 345.677 kWh = 2 345 677 Wh; 12.5 kWh = 12 500 Wh.
        Assert.Equal(12_345_678, reading.Energy.ImportTotalWh);
        Assert.Equal(10_000_001, reading.Energy.ImportTariff1Wh);
        Assert.Equal(2_345_677, reading.Energy.ImportTariff2Wh);
        Assert.Equal(12_500, reading.Energy.ExportTotalWh);
        Assert.Equal([231.4], reading.Instant.VoltageV);
        Assert.Equal([4.25], reading.Instant.CurrentA);
        // 16.7.0 is signed: −0.850 kW is 850 W of export.
        Assert.Equal(0, reading.Instant.ImportPowerW);
        Assert.Equal(850, reading.Instant.ExportPowerW);
    }

    [Fact]
    public void Full_obis_codes_and_watt_units_are_understood()
    {
        var reading = Map("1-0:0.0.0(77)", "1-0:1.8.0(1234*Wh)", "1-0:1.7.0(1.5*kW)", "1-0:2.7.0(0*kW)");

        Assert.Equal("77", reading.MeterId);
        Assert.Equal(1234, reading.Energy.ImportTotalWh);
        Assert.Equal(1500, reading.Instant.ImportPowerW);
        Assert.Equal(0, reading.Instant.ExportPowerW);
    }

    [Fact]
    public void Billing_period_values_are_not_taken_for_the_current_register()
    {
        var reading = Map("1.8.0*01(0000100.000*kWh)", "1.8.0(0000123.000*kWh)", "1.8.0*255(0000999.000*kWh)");

        Assert.Equal(123_000, reading.Energy.ImportTotalWh);
    }

    [Fact]
    public void Digits_below_one_watt_hour_are_dropped_not_rounded()
    {
        // 1.2349 kWh = 1234.9 Wh → the register has counted 1234 whole Wh.
        Assert.Equal(1234, Map("1.8.0(0000001.2349*kWh)").Energy.ImportTotalWh);
    }

    [Fact]
    public void Register_without_a_known_unit_is_left_out_and_marked_partial()
    {
        var reading = Map("1.8.0(0012345.678)", "0.9.1(134501)", "0.9.2(261124)");

        Assert.Null(reading.Energy.ImportTotalWh);
        Assert.Equal(ReadingQuality.Partial, reading.Quality);
        // No C.1.0 or 0.0.0: the identification names the meter.
        Assert.Equal("ISk:MT174-0001", reading.MeterId);
    }

    [Fact]
    public void Missing_or_impossible_clock_is_suspect()
    {
        Assert.Equal(ReadingQuality.ClockSuspect, Map("1.8.0(1*kWh)").Quality);
        Assert.Equal(ReadingQuality.ClockSuspect, Map("1.8.0(1*kWh)", "0.9.1(250000)", "0.9.2(261124)").Quality);
        Assert.Null(Map("1.8.0(1*kWh)", "0.9.1(120000)", "0.9.2(261332)").MeterTime);
    }

    [Fact]
    public void Three_phase_values_are_listed_per_phase()
    {
        var reading = Map("1.8.0(1*kWh)", "32.7.0(230*V)", "52.7.0(231*V)", "72.7.0(232*V)", "31.7.0(1*A)", "71.7.0(3*A)");

        Assert.Equal([230.0, 231.0, 232.0], reading.Instant.VoltageV);
        Assert.Equal([1.0, null, 3.0], reading.Instant.CurrentA);
    }

    [Fact]
    public void Tariff_registers_sum_when_there_is_no_total()
    {
        var reading = Map("1.8.1(0000001.000*kWh)1.8.2(0000002.500*kWh)");

        Assert.Null(reading.Energy.ImportTotalWh);
        Assert.Equal(3_500, reading.Energy.TotalImportWh);
        Assert.False(reading.Quality.HasFlag(ReadingQuality.Partial));
    }
}
