using Edge.MeterAdapter.Iec62056;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Tests.Modbus;
using Microsoft.Extensions.Time.Testing;

namespace Edge.MeterAdapter.Tests.Iec62056;

public sealed class Iec62056ModeCReaderTests
{
    private static readonly byte[] SignOn = "/?!\r\n"u8.ToArray();
    private static readonly string[] Lines = ["C.1.0(12345678)", "1.8.0(0012345.678*kWh)", "2.8.0(0000000.000*kWh)", "0.9.1(123456)", "0.9.2(261124)"];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>
    /// A mode C meter: answers the sign-on with its identification after 200 ms at 300 baud, and an acknowledgement
    /// with the data message 300 ms later at the baud rate the acknowledgement chose.
    /// </summary>
    private static Func<byte[], IEnumerable<ScriptedChunk>> Meter(string identification, byte[] data, Func<byte[], byte[]>? corrupt = null) => request =>
    {
        if (request.SequenceEqual(SignOn))
        {
            return [new ScriptedChunk(Ms(200), System.Text.Encoding.ASCII.GetBytes(identification), 300)];
        }

        if (request is [0x06, (byte)'0', var z, (byte)'0', 0x0D, 0x0A])
        {
            var baud = BaudRateCharacter.Decode(z).BaudRate;
            var bytes = corrupt is null ? data : corrupt(data);
            return [new ScriptedChunk(Ms(300), bytes[..10], baud), new ScriptedChunk(Ms(5), bytes[10..], baud)];
        }

        return [];
    };

    [Fact]
    public async Task Mode_c_readout_with_echo_switches_baud_after_the_acknowledgement()
    {
        var line = new ScriptedLine(_clock, Meter("/ISk5MT174-0001\r\n", DataMessage.Encode(Lines))) { Echo = true };
        var reader = new Iec62056ModeCReader(line, _clock);

        var reading = await reader.ReadAsync(CancellationToken.None);

        Assert.NotNull(reading);
        Assert.Equal("12345678", reading.MeterId);
        Assert.Equal(12_345_678, reading.Energy.ImportTotalWh);
        Assert.Equal(0, reading.Energy.ExportTotalWh);
        Assert.Equal(0, reader.Rejects.Total);
        Assert.Null(reader.LastRejectDetail);
        Assert.Equal("MT174-0001", reader.Identification!.Identification);

        // Sign-on, then ACK 0 5 0 (9600 baud, data readout); no other bytes sent.
        Assert.Equal([SignOn, [0x06, 0x30, 0x35, 0x30, 0x0D, 0x0A]], line.Writes.Select(w => w.Bytes));
        // Switched to 9600 only after the 6-byte ACK had left at 300 baud (6 × 10 bits / 300 = 200 ms), back to 300 at the end.
        Assert.Equal([9600, 300], line.BaudSwitches.Select(s => s.BaudRate));
        Assert.True(line.BaudSwitches[0].At - line.Writes[1].At >= Ms(200));
    }

    [Fact]
    public async Task Max_baud_rate_caps_the_rate_offered_by_the_meter()
    {
        var line = new ScriptedLine(_clock, Meter("/ISk6MT174-0001\r\n", DataMessage.Encode(Lines)));
        var reader = new Iec62056ModeCReader(line, _clock, new Iec62056Options { MaxBaudRate = 2400 });

        var reading = await reader.ReadAsync(CancellationToken.None);

        Assert.NotNull(reading);
        Assert.Equal((byte)'3', line.Writes[1].Bytes[2]);
        Assert.Equal(2400, line.BaudSwitches[0].BaudRate);
    }

    [Fact]
    public async Task Bad_bcc_is_counted_and_gives_no_reading()
    {
        var line = new ScriptedLine(_clock, Meter("/ISk5MT174-0001\r\n", DataMessage.Encode(Lines), d => [.. d[..^1], (byte)(d[^1] ^ 0x01)]));
        var reader = new Iec62056ModeCReader(line, _clock);

        Assert.Null(await reader.ReadAsync(CancellationToken.None));
        Assert.Equal(1, reader.Rejects[Iec62056RejectReason.BccMismatch]);
        Assert.Contains("BCC", reader.LastRejectDetail, StringComparison.Ordinal);
        Assert.Equal(300, line.BaudRate);
    }

    [Fact]
    public async Task Flipped_byte_in_a_register_never_becomes_a_reading()
    {
        // 12345.678 → 12345.679 in transit: the BCC catches it.
        var line = new ScriptedLine(_clock, Meter("/ISk5MT174-0001\r\n", DataMessage.Encode(Lines), d =>
        {
            var copy = (byte[])d.Clone();
            copy[Array.IndexOf(copy, (byte)'8', 20)] = (byte)'9';
            return copy;
        }));
        var reader = new Iec62056ModeCReader(line, _clock);

        Assert.Null(await reader.ReadAsync(CancellationToken.None));
        Assert.Equal(1, reader.Rejects[Iec62056RejectReason.BccMismatch]);
    }

    [Fact]
    public async Task Silent_meter_is_no_identification_after_the_response_timeout()
    {
        var line = new ScriptedLine(_clock);
        var reader = new Iec62056ModeCReader(line, _clock);

        Assert.Null(await reader.ReadAsync(CancellationToken.None));
        Assert.Equal(1, reader.Rejects[Iec62056RejectReason.NoIdentification]);
        var waited = _clock.GetUtcNow() - line.Writes[0].At;
        Assert.InRange(waited, new Iec62056Options().ResponseTimeout, new Iec62056Options().ResponseTimeout + Ms(1));
    }

    [Fact]
    public async Task Meter_that_stops_mid_message_is_an_inter_character_timeout()
    {
        var line = new ScriptedLine(_clock, Meter("/ISk5MT174-0001\r\n", DataMessage.Encode(Lines), d => d[..^12]));
        var reader = new Iec62056ModeCReader(line, _clock);

        Assert.Null(await reader.ReadAsync(CancellationToken.None));
        Assert.Equal(1, reader.Rejects[Iec62056RejectReason.InterCharacterTimeout]);
    }

    [Fact]
    public async Task Data_at_the_wrong_baud_rate_is_not_a_reading()
    {
        // The meter ignores the acknowledgement and keeps talking at 300 baud while we listen at 9600.
        var data = DataMessage.Encode(Lines);
        var line = new ScriptedLine(_clock, request => request.SequenceEqual(SignOn)
            ? [new ScriptedChunk(Ms(200), "/ISk5MT174-0001\r\n"u8.ToArray(), 300)]
            : [new ScriptedChunk(Ms(300), data, 300)]);
        var reader = new Iec62056ModeCReader(line, _clock);

        Assert.Null(await reader.ReadAsync(CancellationToken.None));
        Assert.Equal(1, reader.Rejects[Iec62056RejectReason.NoDataMessage]);
    }

    [Fact]
    public async Task Mode_a_meter_sends_data_right_after_identification_without_a_switch()
    {
        var data = DataMessage.Encode(Lines);
        var line = new ScriptedLine(_clock, request => request.SequenceEqual(SignOn)
            ? [new ScriptedChunk(Ms(200), [.. "\0\0/ABCZmodeA\r\n"u8, .. data], 300)]
            : []);
        var reader = new Iec62056ModeCReader(line, _clock);

        var reading = await reader.ReadAsync(CancellationToken.None);

        Assert.NotNull(reading);
        Assert.Single(line.Writes);
        Assert.Empty(line.BaudSwitches);
    }

    [Fact]
    public async Task Mode_b_meter_switches_to_its_announced_rate_without_acknowledgement()
    {
        // 'E' is mode B at 9600 baud; the meter sends the data at 9600 right after the identification.
        var data = DataMessage.Encode(Lines);
        var line = new ScriptedLine(_clock, request => request.SequenceEqual(SignOn)
            ? [new ScriptedChunk(Ms(200), "/ABCEmodeB\r\n"u8.ToArray(), 300), new ScriptedChunk(Ms(300), data, 9600)]
            : []);
        var reader = new Iec62056ModeCReader(line, _clock, new Iec62056Options { MaxBaudRate = 2400 });

        var reading = await reader.ReadAsync(CancellationToken.None);

        Assert.NotNull(reading);
        Assert.Single(line.Writes);
        Assert.Equal([9600, 300], line.BaudSwitches.Select(s => s.BaudRate));
    }

    [Fact]
    public async Task Malformed_identification_is_counted()
    {
        var line = new ScriptedLine(_clock, request => [new ScriptedChunk(Ms(200), "/12C5ident\r\n"u8.ToArray())]);
        var reader = new Iec62056ModeCReader(line, _clock);

        Assert.Null(await reader.ReadAsync(CancellationToken.None));
        Assert.Equal(1, reader.Rejects[Iec62056RejectReason.MalformedIdentification]);
        Assert.Contains("three letters", reader.LastRejectDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readouts_repeat_on_the_same_line()
    {
        var line = new ScriptedLine(_clock, Meter("/ISk5MT174-0001\r\n", DataMessage.Encode(Lines))) { Echo = true };
        var reader = new Iec62056ModeCReader(line, _clock);

        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(await reader.ReadAsync(CancellationToken.None));
        }

        Assert.Equal([9600, 300, 9600, 300, 9600, 300], line.BaudSwitches.Select(s => s.BaudRate));
    }
}
