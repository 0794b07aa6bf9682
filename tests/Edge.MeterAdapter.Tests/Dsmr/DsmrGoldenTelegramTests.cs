using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;

using Edge.MeterAdapter.Tests.Checksums;

namespace Edge.MeterAdapter.Tests.Dsmr;

/// <summary>Published telegrams (see Telegrams/README.md) through the whole decoder.</summary>
public class DsmrGoldenTelegramTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private static readonly TimeSpan Summer = TimeSpan.FromHours(2);

    /// <summary>Fixed UTC+1 so DSMR 2.2/3 times do not depend on the test machine's zone database.</summary>
    private static readonly DsmrOptions Options = new()
    {
        ZoneForUnsuffixedTimestamps = TimeZoneInfo.CreateCustomTimeZone("test+1", Winter, "test+1", "test+1"),
    };

    private static (List<MeterReading> Readings, DsmrDecoder Decoder) Decode(byte[] bytes, DsmrOptions? options = null)
    {
        var decoder = new DsmrDecoder(options ?? Options);
        var readings = new List<MeterReading>();
        decoder.Feed(bytes, Now, readings);
        return (readings, decoder);
    }

    private static MeterReading DecodeOne(string file) => DecodeOne(TelegramFiles.Load(file), file);

    private static MeterReading DecodeOne(byte[] bytes, string label)
    {
        var (readings, decoder) = Decode(bytes);
        Assert.True(readings.Count == 1, $"{label}: {decoder.Counters.LastReject}");
        return readings[0];
    }

    [Fact]
    public void Spec_example_with_its_published_CRC_is_rejected_because_the_published_CRC_is_wrong()
    {
        // DSMR 5.0.2 §6.12 prints !EF2F; the CRC of the printed text is not EF2F (see README). A decoder that
        // accepted it would accept a telegram whose CRC does not match.
        var (readings, decoder) = Decode(TelegramFiles.Load("dsmr502-spec-example.txt"));
        Assert.Empty(readings);
        Assert.Equal(1, decoder.Counters.Rejects[DsmrRejectReason.BadCrc]);
        Assert.Contains("sent EF2F", decoder.Counters.LastReject, StringComparison.Ordinal);
    }

    [Fact]
    public void Spec_example_values_match_the_spec_description()
    {
        var reading = DecodeOne(WithReferenceCrc(TelegramFiles.Load("dsmr502-spec-example.txt")), "spec example");

        // §6.12: "DSMR version 5.0 ... send at 2010, December 9th, 11h30m20s" (W = winter, UTC+1).
        Assert.Equal(new DateTimeOffset(2010, 12, 9, 11, 30, 20, Winter), reading.MeterTime);
        Assert.Equal("K8EG004046395507", reading.MeterId); // 4B384547... is ASCII hex
        Assert.Equal(MeterProtocol.DsmrP1, reading.Protocol);
        Assert.Equal(ReadingQuality.Good, reading.Quality);

        // 123456.789 kWh = 123 456 789 Wh in each of the four registers.
        Assert.Equal(123_456_789L, reading.Energy.ImportTariff1Wh);
        Assert.Equal(123_456_789L, reading.Energy.ImportTariff2Wh);
        Assert.Equal(123_456_789L, reading.Energy.ExportTariff1Wh);
        Assert.Equal(123_456_789L, reading.Energy.ExportTariff2Wh);
        Assert.Equal(246_913_578L, reading.Energy.TotalImportWh);
        Assert.Equal(2, reading.Energy.ActiveTariff);
        Assert.Equal(1193.0, reading.Instant.ImportPowerW); // 01.193 kW
        Assert.Equal(0.0, reading.Instant.ExportPowerW);
        Assert.Equal([220.1, 220.2, 220.3], reading.Instant.VoltageV);
        Assert.Equal([1.0, 2.0, 3.0], reading.Instant.CurrentA);

        // "4 power failures in any phase, 2 long power failure in any phase"; "Failure at 2010, December 8th,
        // 15h20m15s, duration 240 seconds" and "15h05m03s, duration 301 seconds": the log stores the END time.
        Assert.Equal(4, reading.Events.PowerFailures);
        Assert.Equal(2, reading.Events.LongPowerFailures);
        Assert.Equal(2, reading.Events.PowerFailureLog.Count);
        var first = reading.Events.PowerFailureLog[0];
        Assert.Equal(new DateTimeOffset(2010, 12, 8, 15, 20, 15, Winter), first.EndTime - first.Duration);
        Assert.Equal(TimeSpan.FromSeconds(240), first.Duration);
        var second = reading.Events.PowerFailureLog[1];
        Assert.Equal(new DateTimeOffset(2010, 12, 8, 15, 5, 3, Winter), second.EndTime - second.Duration);

        // Sags 2 (L1) + 1 (L2) + 0 (L3); swells 0 + 3 + 0.
        Assert.Equal(3, reading.Events.VoltageSags);
        Assert.Equal(3, reading.Events.VoltageSwells);

        // "The register value of the Gas meter is 12785,123 m3 ... captured ... 2010, December 9th, at 11h25m00s".
        var gas = Assert.Single(reading.SubMeters);
        Assert.Equal(new SubMeterReading(1, SubMeterKind.Gas, 3, "2222ABCD123456789", new DateTimeOffset(2010, 12, 9, 11, 25, 0, Winter), 12785.123m, "m3"), gas);
    }

    [Theory]
    [InlineData("dsmr50-iskra-am550.txt")]
    [InlineData("dsmr42-kaifa.txt")]
    [InlineData("dsmr50-iskra.txt")]
    [InlineData("dsmr50-iskra-two-mbus.txt")]
    [InlineData("dsmr50-warmtelink-unpadded-crc.txt")]
    public void Real_telegrams_pass_their_published_CRC(string file)
    {
        var reading = DecodeOne(file);
        Assert.False(reading.Quality.HasFlag(ReadingQuality.Unchecked));
    }

    [Fact]
    public void Iskra_am550_values()
    {
        var r = DecodeOne("dsmr50-iskra-am550.txt");
        Assert.Equal(new DateTimeOffset(2019, 3, 24, 15, 5, 41, Winter), r.MeterTime);
        Assert.Equal("E0044007131650618", r.MeterId);
        Assert.Equal(3_432_829L, r.Energy.ImportTariff1Wh);
        Assert.Equal(3_224_632L, r.Energy.ImportTariff2Wh);
        Assert.Equal(1, r.Energy.ActiveTariff);
        Assert.Equal(433.0, r.Instant.ImportPowerW);
        Assert.Equal(new PowerFailureLogEntry(new DateTimeOffset(2018, 4, 17, 20, 14, 58, Summer), TimeSpan.FromSeconds(236)), Assert.Single(r.Events.PowerFailureLog));
        Assert.Equal(3, r.Events.VoltageSwells); // 1 + 1 + 1
        Assert.Empty(r.SubMeters);
    }

    [Fact]
    public void Kaifa_v42_long_failure_log_keeps_large_durations()
    {
        var r = DecodeOne("dsmr42-kaifa.txt");
        Assert.Equal([237126L, 2147583646L, 2317482647L], r.Events.PowerFailureLog.Select(e => (long)e.Duration.TotalSeconds));
        Assert.Equal([0.0, 6.0, 2.0], r.Instant.CurrentA);
        Assert.Empty(r.Instant.VoltageV);
        var gas = Assert.Single(r.SubMeters);
        Assert.Equal((SubMeterKind.Gas, 981.443m, new DateTimeOffset(2016, 11, 29, 20, 0, 0, Winter)), (gas.Kind, gas.Value, gas.CaptureTime));
    }

    [Fact]
    public void Belgian_style_decimal_currents_and_channel_without_value()
    {
        var r = DecodeOne("dsmr50-iskra.txt");
        Assert.Equal([0.48, 0.44, 0.86], r.Instant.CurrentA);
        Assert.Equal([230.0, 230.0, 229.0], r.Instant.VoltageV);
        var gas = Assert.Single(r.SubMeters); // channel 2 announces a gas device but sends no value
        Assert.Equal((1, 0.107m), (gas.Channel, gas.Value));
    }

    [Fact]
    public void Gas_is_chosen_by_device_type_and_stale_slot_is_dropped()
    {
        var r = DecodeOne("dsmr50-iskra-two-mbus.txt");
        var gas = Assert.Single(r.SubMeters);
        Assert.Equal(2, gas.Channel);
        Assert.Equal(SubMeterKind.Gas, gas.Kind);
        Assert.Equal(246.138m, gas.Value);
        Assert.Equal(new DateTimeOffset(2020, 4, 26, 22, 30, 1, Summer), gas.CaptureTime);
    }

    [Fact]
    public void Unpadded_CRC_and_heat_device()
    {
        var r = DecodeOne("dsmr50-warmtelink-unpadded-crc.txt");
        Assert.Equal("ADC3100000158491", r.MeterId); // not printable when hex-decoded, so kept as sent
        var heat = Assert.Single(r.SubMeters);
        Assert.Equal((SubMeterKind.Heat, 4, 240.860m, "GJ"), (heat.Kind, heat.DeviceType, heat.Value, heat.Unit));
        Assert.True(r.Quality.HasFlag(ReadingQuality.Partial)); // no electricity registers at all
    }

    [Theory]
    [InlineData("dsmr22-iskra.txt", 2016, 11, 7, 19)]
    [InlineData("dsmr30-iskra.txt", 2009, 2, 12, 16)]
    public void Legacy_telegrams_are_accepted_unchecked_with_two_line_gas(string file, int y, int mo, int d, int h)
    {
        var (readings, decoder) = Decode(TelegramFiles.Load(file));
        var r = Assert.Single(readings);
        Assert.True(r.Quality.HasFlag(ReadingQuality.Unchecked));
        Assert.Equal(1, decoder.Counters.AcceptedUnchecked);
        Assert.Null(decoder.LastTelegram!.Version);
        var gas = Assert.Single(r.SubMeters);
        Assert.Equal((SubMeterKind.Gas, 1.001m, "m3"), (gas.Kind, gas.Value, gas.Unit));
        Assert.Equal(new DateTimeOffset(y, mo, d, h, 0, 0, Winter), gas.CaptureTime);
    }

    [Fact]
    public void Legacy_telegram_is_rejected_when_the_port_requires_a_CRC()
    {
        var (readings, decoder) = Decode(TelegramFiles.Load("dsmr22-iskra.txt"), Options with { RequireCrc = true });
        Assert.Empty(readings);
        Assert.Equal(1, decoder.Counters.Rejects[DsmrRejectReason.MissingCrc]);
    }

    [Fact]
    public void V5_telegram_without_CRC_is_rejected_as_missing_CRC()
    {
        var bytes = TelegramFiles.Load("dsmr50-iskra-am550.txt");
        var bang = Array.IndexOf(bytes, (byte)'!');
        var (readings, decoder) = Decode([.. bytes.AsSpan(0, bang + 1), (byte)'\r', (byte)'\n']);
        Assert.Empty(readings);
        Assert.Equal(1, decoder.Counters.Rejects[DsmrRejectReason.MissingCrc]);
    }

    /// <summary>The telegram with its CRC replaced by the test's own bitwise CRC (see ReferenceCrc16).</summary>
    private static byte[] WithReferenceCrc(byte[] bytes)
    {
        var bang = Array.IndexOf(bytes, (byte)'!');
        var crc = ReferenceCrc16.Arc(bytes.AsSpan(0, bang + 1));
        return [.. bytes.AsSpan(0, bang + 1), .. System.Text.Encoding.ASCII.GetBytes($"{crc:X4}\r\n")];
    }
}
