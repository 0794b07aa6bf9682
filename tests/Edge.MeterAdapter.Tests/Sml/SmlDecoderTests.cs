using Edge.MeterAdapter.Checksums;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Sml;
using Microsoft.Extensions.Time.Testing;

namespace Edge.MeterAdapter.Tests.Sml;

public sealed class SmlDecoderTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Crc16_x25_check_value_and_the_golden_file_crc()
    {
        Assert.Equal(0x906E, Crc16X25.Compute("123456789"u8));
        // The DZG file ends in 1A 04 DA D0: CRC 0xD0DA sent low byte first.
        Assert.Equal(0xD0DA, Crc16X25.Compute(SmlGoldenFrames.Dzg.AsSpan(0, SmlGoldenFrames.Dzg.Length - 2)));
    }

    [Fact]
    public void Dzg_frame_gives_import_export_and_device_id()
    {
        var decoder = new SmlDecoder(_clock);
        var reading = decoder.Decode(SmlGoldenFrames.Dzg);

        Assert.NotNull(reading);
        Assert.Equal(MeterProtocol.Sml, reading.Protocol);
        // 1-0:96.1.0*255 = octets 0A 01 44 5A 47 00 02 82 C0 B0 ("DZG" inside).
        Assert.Equal("0A01445A47000282C0B0", reading.MeterId);
        // 1.8.0: unit 0x1E = 30 (Wh), scaler +3, value 0x344F = 13 391 → 13 391 × 10^3 Wh.
        Assert.Equal(13_391_000, reading.Energy.ImportTotalWh);
        // 2.8.0: unit Wh, scaler +3, value 0.
        Assert.Equal(0, reading.Energy.ExportTotalWh);
        Assert.Equal(0, decoder.Rejects.Total);
    }

    [Fact]
    public void Holley_frame_gives_energy_power_and_phases()
    {
        var reading = new SmlDecoder(_clock).Decode(SmlGoldenFrames.Holley);

        Assert.NotNull(reading);
        Assert.Equal("0A01484C5902000424A0", reading.MeterId);
        // 1.8.0: scaler −1, value 0x02AEA132 = 44 998 962 → 4 499 896.2 Wh → 4 499 896 whole Wh.
        Assert.Equal(4_499_896, reading.Energy.ImportTotalWh);
        // 16.7.0: unit 0x1B = 27 (W), scaler 0, int16 0x0089 = 137 W.
        Assert.Equal(137, reading.Instant.ImportPowerW);
        Assert.Equal(0, reading.Instant.ExportPowerW);
        // 32/52/72.7.0: unit 35 (V), scaler −1: 0x0928, 0x0929, 0x0922 = 2344, 2345, 2338.
        Assert.Equal([234.4, 234.5, 233.8], reading.Instant.VoltageV.Select(v => Math.Round(v!.Value, 6)));
        // 31/51/71.7.0: unit 33 (A), scaler −2: 0x29, 0x4E, 0x2E = 41, 78, 46.
        Assert.Equal([0.41, 0.78, 0.46], reading.Instant.CurrentA.Select(v => Math.Round(v!.Value, 6)));
    }

    [Fact]
    public void Ebz_frame_with_64_bit_registers_and_tariffs()
    {
        var reading = new SmlDecoder(_clock).Decode(SmlGoldenFrames.Ebz);

        Assert.NotNull(reading);
        // Scaler −5 on 64-bit values: 0x0A7AC1BC17 = 45 009 189 911 → 450 091.89911 Wh → 450 091;
        // 0x0A74B1EA77 = 44 907 489 911 → 449 074; 0x060FD1A0 = 101 700 000 → 1 017; 0x0D19E1C0 = 219 800 000 → 2 198.
        Assert.Equal(450_091, reading.Energy.ImportTotalWh);
        Assert.Equal(449_074, reading.Energy.ImportTariff1Wh);
        Assert.Equal(1_017, reading.Energy.ImportTariff2Wh);
        Assert.Equal(2_198, reading.Energy.ExportTotalWh);
        // 16.7.0: int32 0x000089D9 = 35 289, scaler −2 → 352.89 W.
        Assert.Equal(352.89, reading.Instant.ImportPowerW!.Value, 6);
    }

    [Fact]
    public void Corrupted_golden_frames_are_counted_and_never_read()
    {
        var decoder = new SmlDecoder(_clock);
        var flipped = (byte[])SmlGoldenFrames.Holley.Clone();
        flipped[200] ^= 0x04;

        Assert.Null(decoder.Decode(flipped));
        Assert.Null(decoder.Decode(SmlGoldenFrames.Dzg.AsSpan(0, SmlGoldenFrames.Dzg.Length - 4)));
        Assert.Null(decoder.Decode(SmlGoldenFrames.Ebz.AsSpan(8)));

        Assert.Equal(1, decoder.Rejects[SmlRejectReason.CrcMismatch]);
        Assert.Equal(2, decoder.Rejects[SmlRejectReason.MalformedFrame]);
    }

    [Fact]
    public void Escape_sequences_in_the_payload_are_doubled_and_restored()
    {
        byte[] payload = [0x76, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x01, 0x02];
        var file = SmlTransport.Encode(payload);

        // Groups of four: 76 1B 1B 1B | 1B 1B 1B 1B (escaped, so doubled) | 1B 01 02 + one byte of padding.
        Assert.Equal(8 + 12 + 4 + 8, file.Length);
        Assert.Equal(SmlRejectReason.None, SmlTransport.TryDecode(file, out var decoded));
        Assert.Equal(payload, decoded);
        Assert.Equal(1, file[^3]);
    }

    [Theory]
    // Unsigned 30; integer −1; int16 137; int32 35 289; u64 from the EBZ frame.
    [InlineData("621e", typeof(SmlUnsigned), 30L)]
    [InlineData("52ff", typeof(SmlInteger), -1L)]
    [InlineData("530089", typeof(SmlInteger), 137L)]
    [InlineData("55000089D9", typeof(SmlInteger), 35289L)]
    [InlineData("690000000A7AC1BC17", typeof(SmlUnsigned), 45009189911L)]
    public void Type_length_scalars(string hex, Type type, long expected)
    {
        var position = 0;
        Assert.True(SmlTypeLength.TryRead(Convert.FromHexString(hex), ref position, 0, out var node));
        Assert.IsType(type, node);
        Assert.Equal(expected, node is SmlInteger i ? i.Value : (long)((SmlUnsigned)node).Value);
        Assert.Equal(hex.Length / 2, position);
    }

    [Fact]
    public void Multi_byte_type_length_counts_its_own_bytes()
    {
        // 83 02: octet string, length 0x32 = 50 including the two TL bytes → 48 bytes of content.
        byte[] bytes = [0x83, 0x02, .. new byte[48]];
        var position = 0;

        Assert.True(SmlTypeLength.TryRead(bytes, ref position, 0, out var node));
        Assert.Equal(48, Assert.IsType<SmlOctets>(node).Bytes.Length);
        Assert.Equal(50, position);
    }

    [Fact]
    public void Energy_scaling_is_exact_integer_arithmetic()
    {
        Assert.Equal(1_234_000, SmlReadingMapper.WattHours(new SmlUnsigned(1234), 3));
        Assert.Equal(1_234, SmlReadingMapper.WattHours(new SmlUnsigned(12_349), -1));
        Assert.Null(SmlReadingMapper.WattHours(new SmlInteger(-5), 0));
        Assert.Null(SmlReadingMapper.WattHours(new SmlUnsigned(ulong.MaxValue), 5));
    }
}
