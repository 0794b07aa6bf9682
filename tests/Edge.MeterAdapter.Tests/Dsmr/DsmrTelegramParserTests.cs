using System.Text;
using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Tests.Dsmr;

public class DsmrTelegramParserTests
{
    private static readonly DsmrOptions Options = new() { ZoneForUnsuffixedTimestamps = null };

    private static DsmrParseError Fail(string body)
    {
        var ok = DsmrTelegramParser.TryParse(TelegramFiles.Crlf(body), DateTimeOffset.UnixEpoch, Options, out _, out var error);
        Assert.False(ok);
        return error;
    }

    private static DsmrTelegram Parse(string body)
    {
        Assert.True(DsmrTelegramParser.TryParse(TelegramFiles.Crlf(body), DateTimeOffset.UnixEpoch, Options, out var telegram, out var error), error.ToString());
        return telegram!;
    }

    [Theory]
    [InlineData("/ISk5 meter\n\n1-0:1.8.1(001234.567*kWh\n", 3, 10, "without a matching")]
    [InlineData("/ISk5 meter\n\n1-0:1.8.1(001234.567*MWh)\n", 3, 1, "energy unit 'MWh'")]
    [InlineData("/ISk5 meter\n\n1-0:1.8.1(0012a4.567*kWh)\n", 3, 1, "not a non-negative decimal")]
    [InlineData("/ISk5 meter\n\n1-0:1.7.0(01.193*V)\n", 3, 1, "power unit")]
    [InlineData("/ISk5 meter\n\n0-0:1.0.0(101309113020W)\n", 3, 1, "not a timestamp")]
    [InlineData("/ISk5 meter\n\n1-0:32.7.0(220.1*A)\n", 3, 1, "in V")]
    [InlineData("/ISk5 meter\n\n1-0:99.97.0(2)(0-0:96.7.19)(101208152415W)(0000000240*s)\n", 3, 1, "2 entries need 6 values")]
    [InlineData("/ISk5 meter\n\n0-1:24.3.0(161107190000)(00)(60)(1)(0-1:24.2.1)(m3)\n", 3, 1, "without its value line")]
    [InlineData("/ISk5 meter\n\n(00001.001)\n", 3, 1, "may only follow 0-n:24.3.0")]
    [InlineData("/IS5 meter\n\n", 1, 4, "three letters")]
    [InlineData("ISk5 meter\n\n", 1, 1, "identification line")]
    public void Malformed_lines_name_line_and_column(string body, int line, int column, string message)
    {
        var error = Fail(body);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_without_CR_is_malformed()
    {
        var body = Encoding.ASCII.GetBytes("/ISk5 meter\r\n\r\n1-0:1.8.1(000001.000*kWh)\n");
        Assert.False(DsmrTelegramParser.TryParse(body, DateTimeOffset.UnixEpoch, Options, out _, out var error));
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Unknown_codes_and_order_do_not_matter()
    {
        var t = Parse("/XMX5LGBBFFB231237741\n\n0-0:96.3.10(1)\n1-0:1.8.2(000002.000*kWh)\n9-9:99.99.99(whatever)(x*y)\n1-0:1.8.1(000001.500*kWh)\n1-3:0.2.8(42)\n");
        Assert.Equal("42", t.Version);
        Assert.True(t.VersionRequiresCrc);
        Assert.Equal((1500L, 2000L), (t.Reading.Energy.ImportTariff1Wh, t.Reading.Energy.ImportTariff2Wh));
        Assert.Equal("XMX5LGBBFFB231237741", t.Reading.MeterId); // no 0-0:96.1.1: the header identifies the meter
        Assert.True(t.Reading.Quality.HasFlag(ReadingQuality.ClockSuspect)); // no timestamp
    }

    [Fact]
    public void Wh_registers_and_W_power_are_taken_as_is()
    {
        var t = Parse("/ABC5 meter\n\n1-0:1.8.0(0001234567*Wh)\n1-0:1.7.0(1234*W)\n0-0:1.0.0(261124120000W)\n");
        Assert.Equal(1_234_567L, t.Reading.Energy.TotalImportWh);
        Assert.Equal(1234.0, t.Reading.Instant.ImportPowerW);
        Assert.Equal(ReadingQuality.Good, t.Reading.Quality);
    }

    [Fact]
    public void Codes_with_F_255_and_power_in_W_with_decimals()
    {
        // EasyMeter Q3D style: value group F printed as 255, power in W with decimals, energy with 7 decimals.
        var t = Parse("/ESY5Q3DB1024 V3.04\n\n1-0:1.8.0*255(00052185.7825309*kWh)\n1-0:1.7.0*255(002124.86*W)\n");
        Assert.Equal(52_185_782L, t.Reading.Energy.ImportTotalWh); // truncated to whole Wh
        Assert.Equal(2124.86, t.Reading.Instant.ImportPowerW);
    }

    [Fact]
    public void Water_is_chosen_by_device_type_even_on_channel_1()
    {
        var t = Parse("/ABC5 meter\n\n0-1:24.1.0(007)\n0-1:96.1.0(3131)\n0-1:24.2.1(261124115500W)(00012.345*m3)\n0-3:24.1.0(003)\n0-3:24.2.1(261124115500W)(00100.000*m3)\n");
        Assert.Equal([(1, SubMeterKind.Water, "11"), (3, SubMeterKind.Gas, (string?)null)], t.Reading.SubMeters.Select(s => (s.Channel, s.Kind, s.EquipmentId)));
    }

    [Fact]
    public void Belgian_mbus_equipment_id_and_uncorrected_gas()
    {
        // e-MUCS: the M-Bus id is 0-n:96.1.1 and gas is 0-n:24.2.3.
        var t = Parse("/FLU5\\253769484_A\n\n0-1:24.1.0(003)\n0-1:96.1.1(3232)\n0-1:24.2.3(200512134558S)(00112.384*m3)\n");
        var gas = Assert.Single(t.Reading.SubMeters);
        Assert.Equal((SubMeterKind.Gas, "22", 112.384m), (gas.Kind, gas.EquipmentId, gas.Value));
    }

    [Fact]
    public void Legacy_gas_without_zone_keeps_the_value_and_drops_the_time()
    {
        var t = Parse("/ISk5 meter\n\n0-1:24.1.0(3)\n0-1:24.3.0(161107190000)(00)(60)(1)(0-1:24.2.1)(m3)\n(00001.001)\n");
        var gas = Assert.Single(t.Reading.SubMeters);
        Assert.Equal((SubMeterKind.Gas, 1.001m, "m3", (DateTimeOffset?)null), (gas.Kind, gas.Value, gas.Unit, gas.CaptureTime));
    }
}
