using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;

using Edge.MeterAdapter.Tests.Checksums;

namespace Edge.MeterAdapter.Tests.Dsmr;

/// <summary>
/// Golden telegrams (see Telegrams/README.md) through the whole decoder. Expected values are the ones written into
/// each telegram by hand; CRCs come from Telegrams/crc16_arc.py, not from the decoder.
/// </summary>
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
        Assert.Equal([2, 1, 0], reading.Events.VoltageSagsByPhase);
        Assert.Equal([0, 3, 0], reading.Events.VoltageSwellsByPhase);

        // "The register value of the Gas meter is 12785,123 m3 ... captured ... 2010, December 9th, at 11h25m00s".
        var gas = Assert.Single(reading.SubMeters);
        Assert.Equal(new SubMeterReading(1, SubMeterKind.Gas, 3, "2222ABCD123456789", new DateTimeOffset(2010, 12, 9, 11, 25, 0, Winter), 12785.123m, "m3"), gas);
    }

    [Theory]
    [InlineData("dsmr50-meter.txt")]
    [InlineData("dsmr42-long-failure-log.txt")]
    [InlineData("dsmr50-decimal-currents.txt")]
    [InlineData("dsmr50-two-mbus-stale-slot.txt")]
    [InlineData("dsmr50-heat-unpadded-crc.txt")]
    public void Telegrams_pass_the_CRC_computed_by_crc16_arc_py(string file)
    {
        var reading = DecodeOne(file);
        Assert.False(reading.Quality.HasFlag(ReadingQuality.Unchecked));
    }

    [Fact]
    public void Dsmr5_meter_values()
    {
        var r = DecodeOne("dsmr50-meter.txt");
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 4, Winter), r.MeterTime); // 260301120004W
        Assert.Equal("EDGE5000000000119", r.MeterId); // 45 44 47 45 ... is ASCII hex
        Assert.Equal(5_093_771L, r.Energy.ImportTariff1Wh); // 005093.771 kWh
        Assert.Equal(4_416_028L, r.Energy.ImportTariff2Wh); // 004416.028 kWh
        Assert.Equal(9_509_799L, r.Energy.TotalImportWh);
        Assert.Equal(0L, r.Energy.ExportTariff1Wh);
        Assert.Equal(2, r.Energy.ActiveTariff);
        Assert.Equal(727.0, r.Instant.ImportPowerW); // 00.727 kW = 214 + 489 + 24 W per phase
        Assert.Equal([233.1, 230.9, 234.4], r.Instant.VoltageV);
        Assert.Equal([1.0, 2.0, 0.0], r.Instant.CurrentA);
        Assert.Equal(11, r.Events.PowerFailures);
        Assert.Equal(2, r.Events.LongPowerFailures);
        Assert.Equal(
            [
                new PowerFailureLogEntry(new DateTimeOffset(2024, 7, 28, 3, 15, 44, Summer), TimeSpan.FromSeconds(318)),
                new PowerFailureLogEntry(new DateTimeOffset(2025, 11, 12, 16, 40, 20, Winter), TimeSpan.FromSeconds(1205)),
            ],
            r.Events.PowerFailureLog);
        Assert.Equal(8, r.Events.VoltageSags); // 4 + 2 + 2
        Assert.Equal(1, r.Events.VoltageSwells); // 0 + 1 + 0
        Assert.Empty(r.SubMeters);
    }

    [Fact]
    public void Kaifa_style_v42_long_failure_log_keeps_durations_beyond_int32()
    {
        var r = DecodeOne("dsmr42-long-failure-log.txt");
        Assert.Equal(new DateTimeOffset(2023, 11, 7, 18, 34, 12, Winter), r.MeterTime);
        Assert.Equal("EDGE4200000000017", r.MeterId);
        Assert.Equal(1386.0, r.Instant.ImportPowerW);

        // 2147483648 s is int.MaxValue + 1; 2500000000 s is about 79 years, so the failure "started" in 1944.
        Assert.Equal([412L, 19_275L, 2_147_483_648L, 2_500_000_000L], r.Events.PowerFailureLog.Select(e => (long)e.Duration.TotalSeconds));
        Assert.Equal(new DateTimeOffset(2019, 6, 12, 7, 15, 2, Summer), r.Events.PowerFailureLog[0].EndTime);
        Assert.Equal(new DateTimeOffset(2023, 1, 4, 11, 44, 55, Winter), r.Events.PowerFailureLog[3].EndTime);
        Assert.Equal(22, r.Events.PowerFailures);
        Assert.Equal(4, r.Events.LongPowerFailures);
        Assert.Equal([4.0, 1.0, 0.0], r.Instant.CurrentA);
        Assert.Empty(r.Instant.VoltageV); // this meter style sends no voltages
        var gas = Assert.Single(r.SubMeters);
        Assert.Equal((SubMeterKind.Gas, 1274.508m, new DateTimeOffset(2023, 11, 7, 18, 0, 0, Winter)), (gas.Kind, gas.Value, gas.CaptureTime));
        Assert.Equal("GEDG4200000000023", gas.EquipmentId);
    }

    [Fact]
    public void Belgian_style_decimal_currents_and_channel_without_value()
    {
        var r = DecodeOne("dsmr50-decimal-currents.txt");
        Assert.Equal([0.63, 1.27, 0.05], r.Instant.CurrentA);
        Assert.Equal([231.4, 229.8, 232.6], r.Instant.VoltageV);
        Assert.Equal(94_117L, r.Energy.ExportTariff1Wh); // 000094.117 kWh
        Assert.Empty(r.Events.PowerFailureLog); // 1-0:99.97.0(0)(0-0:96.7.19)
        var gas = Assert.Single(r.SubMeters); // channel 2 announces a gas device but sends no value
        Assert.Equal((1, 412.775m, new DateTimeOffset(2024, 2, 13, 7, 10, 0, Winter)), (gas.Channel, gas.Value, gas.CaptureTime));
    }

    [Fact]
    public void Gas_is_chosen_by_device_type_and_stale_slot_is_dropped()
    {
        var r = DecodeOne("dsmr50-two-mbus-stale-slot.txt");
        Assert.Equal(1254.0, r.Instant.ExportPowerW); // 01.254 kW = 512 + 503 + 239 W per phase
        Assert.Equal(0.0, r.Instant.ImportPowerW);
        var gas = Assert.Single(r.SubMeters);
        Assert.Equal(2, gas.Channel);
        Assert.Equal(SubMeterKind.Gas, gas.Kind);
        Assert.Equal("GEDG5000000000064", gas.EquipmentId);
        Assert.Equal(587.314m, gas.Value);
        Assert.Equal(new DateTimeOffset(2024, 6, 18, 9, 40, 0, Summer), gas.CaptureTime);
    }

    [Fact]
    public void Unpadded_CRC_and_heat_device()
    {
        var bytes = TelegramFiles.Load("dsmr50-heat-unpadded-crc.txt");
        Assert.EndsWith("!AFC\r\n", System.Text.Encoding.ASCII.GetString(bytes), StringComparison.Ordinal); // CRC 0x0AFC, 3 digits
        var r = DecodeOne(bytes, "heat");
        Assert.Equal("EDC4200000077301", r.MeterId); // not printable when hex-decoded, so kept as sent
        var heat = Assert.Single(r.SubMeters);
        Assert.Equal((SubMeterKind.Heat, 4, 157.342m, "GJ"), (heat.Kind, heat.DeviceType, heat.Value, heat.Unit));
        Assert.Equal(new DateTimeOffset(2025, 1, 20, 6, 30, 0, Winter), heat.CaptureTime);
        Assert.True(r.Quality.HasFlag(ReadingQuality.Partial)); // no electricity registers at all
    }

    [Theory]
    [InlineData("dsmr22-no-crc.txt", "923.418", 412_337L, 2015, 3, 9, 14)]
    [InlineData("dsmr30-no-crc.txt", "2216.049", 3_127_552L, 2012, 10, 30, 8)]
    public void Legacy_telegrams_are_accepted_unchecked_with_two_line_gas(string file, string gasM3, long importT1Wh, int y, int mo, int d, int h)
    {
        var (readings, decoder) = Decode(TelegramFiles.Load(file));
        var r = Assert.Single(readings);
        Assert.True(r.Quality.HasFlag(ReadingQuality.Unchecked));
        Assert.Equal(1, decoder.Counters.AcceptedUnchecked);
        Assert.Null(decoder.LastTelegram!.Version);
        Assert.Equal(importT1Wh, r.Energy.ImportTariff1Wh);
        var gas = Assert.Single(r.SubMeters);
        Assert.Equal((SubMeterKind.Gas, decimal.Parse(gasM3, System.Globalization.CultureInfo.InvariantCulture), "m3"), (gas.Kind, gas.Value, gas.Unit));
        Assert.Equal(new DateTimeOffset(y, mo, d, h, 0, 0, Winter), gas.CaptureTime);
    }

    [Fact]
    public void Legacy_telegram_is_rejected_when_the_port_requires_a_CRC()
    {
        var (readings, decoder) = Decode(TelegramFiles.Load("dsmr22-no-crc.txt"), Options with { RequireCrc = true });
        Assert.Empty(readings);
        Assert.Equal(1, decoder.Counters.Rejects[DsmrRejectReason.MissingCrc]);
    }

    [Fact]
    public void V5_telegram_without_CRC_is_rejected_as_missing_CRC()
    {
        var bytes = TelegramFiles.Load("dsmr50-meter.txt");
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
