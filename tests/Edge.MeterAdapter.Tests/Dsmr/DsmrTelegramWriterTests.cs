using System.Text;
using CsCheck;
using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Tests.Checksums;

namespace Edge.MeterAdapter.Tests.Dsmr;

public class DsmrTelegramWriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static readonly DsmrOptions Options = new()
    {
        ZoneForUnsuffixedTimestamps = TimeZoneInfo.CreateCustomTimeZone("test+1", DsmrGen.Winter, "test+1", "test+1"),
    };

    private static MeterReading DecodeSingle(byte[] bytes)
    {
        var decoder = new DsmrDecoder(Options);
        var readings = new List<MeterReading>();
        decoder.Feed(bytes, Now, readings);
        Assert.True(readings.Count == 1, $"{decoder.Counters.LastReject}\n{Encoding.ASCII.GetString(bytes)}");
        return readings[0];
    }

    [Fact]
    public void V5_telegram_carries_a_CRC_that_the_reference_CRC_confirms()
    {
        var bytes = DsmrTelegramWriter.Write(Sample(), DsmrVersion.V5);
        var text = Encoding.ASCII.GetString(bytes);
        Assert.StartsWith("/ISk5\\2MT382-1000\r\n\r\n1-3:0.2.8(50)\r\n0-0:1.0.0(101209113020W)\r\n", text, StringComparison.Ordinal);
        Assert.Contains("1-0:1.8.1(123456.789*kWh)\r\n", text, StringComparison.Ordinal);
        Assert.Contains("1-0:1.7.0(01.193*kW)\r\n", text, StringComparison.Ordinal);
        Assert.Contains("0-1:24.2.1(101209112500W)(12785.123*m3)\r\n", text, StringComparison.Ordinal);
        var bang = text.IndexOf('!', StringComparison.Ordinal);
        var crc = ReferenceCrc16.Arc(bytes.AsSpan(0, bang + 1));
        Assert.Equal($"!{crc:X4}\r\n", text[bang..]);
    }

    [Fact]
    public void Legacy_telegram_has_no_CRC_and_two_line_gas()
    {
        var text = Encoding.ASCII.GetString(DsmrTelegramWriter.Write(Sample(), DsmrVersion.V2_2));
        Assert.DoesNotContain("1-3:0.2.8", text, StringComparison.Ordinal);
        Assert.Contains("0-1:24.3.0(101209112500)(00)(60)(1)(0-1:24.2.1)(m3)\r\n(12785.123)\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n!\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Sags_and_swells_per_phase_are_written_on_their_phase_lines_and_read_back()
    {
        // DSMR 5.0.2 §6.12 example: sags L1 2, L2 1, L3 0; swells L1 0, L2 3, L3 0.
        var reading = Sample() with
        {
            Events = new MeterEvents { VoltageSags = 3, VoltageSwells = 3, VoltageSagsByPhase = [2, 1, 0], VoltageSwellsByPhase = [0, 3, 0] },
        };

        var bytes = DsmrTelegramWriter.Write(reading, DsmrVersion.V5);

        Assert.Contains(
            "1-0:32.32.0(00002)\r\n1-0:52.32.0(00001)\r\n1-0:72.32.0(00000)\r\n1-0:32.36.0(00000)\r\n1-0:52.36.0(00003)\r\n1-0:72.36.0(00000)\r\n",
            Encoding.ASCII.GetString(bytes),
            StringComparison.Ordinal);
        var back = DecodeSingle(bytes).Events;
        Assert.Equal([2, 1, 0], back.VoltageSagsByPhase);
        Assert.Equal([0, 3, 0], back.VoltageSwellsByPhase);
        Assert.Equal((3, 3), (back.VoltageSags, back.VoltageSwells));
    }

    [Fact]
    public void AppendCrc_requires_a_bang() =>
        Assert.Throws<ArgumentException>(() => DsmrTelegramWriter.AppendCrc("/ABC5x\r\n"u8));

    [Theory]
    [InlineData(DsmrVersion.V5)]
    [InlineData(DsmrVersion.V4_2)]
    public void Round_trip_v4_v5(DsmrVersion version) =>
        DsmrGen.Reading.Sample(expected => AssertSameValues(expected, DecodeSingle(DsmrTelegramWriter.Write(expected, version)), checkedCrc: true), iter: 500);

    [Theory]
    [InlineData(DsmrVersion.V2_2)]
    [InlineData(DsmrVersion.V3)]
    public void Round_trip_legacy(DsmrVersion version) =>
        DsmrGen.LegacyReading.Sample(expected => AssertSameValues(expected, DecodeSingle(DsmrTelegramWriter.Write(expected, version)), checkedCrc: false), iter: 500);

    private static void AssertSameValues(MeterReading expected, MeterReading actual, bool checkedCrc)
    {
        Assert.Equal(expected.MeterId, actual.MeterId);
        Assert.Equal(expected.MeterTime, actual.MeterTime);
        Assert.Equal(expected.Energy, actual.Energy);
        Assert.Equal(expected.Instant.ImportPowerW, actual.Instant.ImportPowerW);
        Assert.Equal(expected.Instant.ExportPowerW, actual.Instant.ExportPowerW);
        Assert.Equal(expected.Instant.VoltageV, actual.Instant.VoltageV);
        Assert.Equal(expected.Instant.CurrentA, actual.Instant.CurrentA);
        Assert.Equal(expected.Events.PowerFailures, actual.Events.PowerFailures);
        Assert.Equal(expected.Events.LongPowerFailures, actual.Events.LongPowerFailures);
        Assert.Equal(expected.Events.PowerFailureLog, actual.Events.PowerFailureLog);
        Assert.Equal(expected.Events.VoltageSags, actual.Events.VoltageSags);
        Assert.Equal(expected.Events.VoltageSwells, actual.Events.VoltageSwells);
        Assert.Equal(expected.SubMeters, actual.SubMeters);
        Assert.Equal(!checkedCrc, actual.Quality.HasFlag(ReadingQuality.Unchecked));
    }

    /// <summary>The values of the DSMR 5.0.2 §6.12 example.</summary>
    private static MeterReading Sample() => new()
    {
        MeterId = "K8EG004046395507",
        Protocol = MeterProtocol.DsmrP1,
        MeterTime = new DateTimeOffset(2010, 12, 9, 11, 30, 20, DsmrGen.Winter),
        GatewayTime = Now,
        Energy = new EnergyRegisters { ImportTariff1Wh = 123_456_789, ImportTariff2Wh = 123_456_789, ActiveTariff = 2 },
        Instant = new InstantaneousValues { ImportPowerW = 1193, ExportPowerW = 0 },
        SubMeters = [new SubMeterReading(1, SubMeterKind.Gas, 3, "2222ABCD123456789", new DateTimeOffset(2010, 12, 9, 11, 25, 0, DsmrGen.Winter), 12785.123m, "m3")],
    };
}
