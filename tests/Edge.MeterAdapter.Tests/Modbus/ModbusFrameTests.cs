using Edge.MeterAdapter.Checksums;
using Edge.MeterAdapter.Modbus;

namespace Edge.MeterAdapter.Tests.Modbus;

public sealed class ModbusFrameTests
{
    // Eastron SDM120 Modbus protocol document, example "read voltage": request and response as printed,
    // CRC bytes included (low byte first).
    private static readonly byte[] EastronVoltageRequest = [0x01, 0x04, 0x00, 0x00, 0x00, 0x02, 0x71, 0xCB];
    private static readonly byte[] EastronVoltageResponse = [0x01, 0x04, 0x04, 0x43, 0x66, 0x33, 0x34, 0x1B, 0x38];

    [Fact]
    public void Request_matches_the_eastron_example_byte_for_byte()
    {
        Assert.Equal(EastronVoltageRequest, ReadInputRegisters.EncodeRequest(0x01, 0x0000, 2));
    }

    [Fact]
    public void Crc_of_the_serial_line_specification_example_is_sent_low_byte_first()
    {
        // Modbus over Serial Line V1.02, CRC generation example: the message 02 07 has CRC 0x1241, sent as 41 12.
        Assert.Equal(0x1241, Crc16Modbus.Compute([0x02, 0x07]));
        Assert.True(ReadInputRegisters.HasValidCrc([0x02, 0x07, 0x41, 0x12]));
        Assert.False(ReadInputRegisters.HasValidCrc([0x02, 0x07, 0x12, 0x41]));
    }

    [Fact]
    public void Eastron_example_response_decodes_to_230_point_2_volts()
    {
        var response = ReadInputRegisters.DecodeResponse(EastronVoltageResponse, 0x01, 2);

        Assert.True(response.IsSuccess);
        Assert.Equal([0x4366, 0x3334], response.Registers);
        // 0x43663334: sign 0, exponent 0x86 = 134 → 2^(134−127) = 2^7, significand 1 + 0x663334 / 2^23.
        var expected = (1.0 + (0x663334 / 8388608.0)) * 128.0;
        Assert.Equal(expected, Float32Registers.Decode(response.Registers[0], response.Registers[1]));
        Assert.Equal(230.2, expected, 4);
    }

    [Theory]
    // 0x43660000: 2^7 × (1 + 0x660000 / 2^23) = 128 × 1.796875 = 230.
    [InlineData(0x4366, 0x0000, 230.0)]
    // 0x3F800000: exponent 127 → 2^0, significand 1.
    [InlineData(0x3F80, 0x0000, 1.0)]
    // 0xC2C80000: sign 1, exponent 133 → 2^6, significand 1 + 0x480000 / 2^23 = 1.5625 → −100.
    [InlineData(0xC2C8, 0x0000, -100.0)]
    // 0x449A5225: exponent 137 → 2^10, significand 1 + 0x1A5225 / 2^23 → 1234.5670166015625 (nearest float to 1234.567).
    [InlineData(0x449A, 0x5225, 1234.5670166015625)]
    public void Float32_is_high_word_first_big_endian(int high, int low, double expected)
    {
        Assert.Equal(expected, Float32Registers.Decode((ushort)high, (ushort)low));
        Assert.Equal(((ushort)high, (ushort)low), Float32Registers.Encode((float)expected));
    }

    [Fact]
    public void Exception_response_gives_the_code()
    {
        // 01 84 02: slave 1, function 0x04 | 0x80, illegal data address; CRC 0xC1C2 sent C2 C1.
        var response = ReadInputRegisters.DecodeResponse([0x01, 0x84, 0x02, 0xC2, 0xC1], 0x01, 2);

        Assert.Equal(ModbusRejectReason.ExceptionResponse, response.Reject);
        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, response.ExceptionCode);
        Assert.Empty(response.Registers);
        Assert.Contains("illegal data address", response.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_kind_of_bad_frame_is_rejected_for_its_own_reason()
    {
        Assert.Equal(ModbusRejectReason.ShortFrame, Decode(EastronVoltageResponse[..8]));
        Assert.Equal(ModbusRejectReason.ShortFrame, Decode([0x01, 0x04]));
        Assert.Equal(ModbusRejectReason.LongFrame, Decode([.. EastronVoltageResponse, 0x00]));

        var flipped = (byte[])EastronVoltageResponse.Clone();
        flipped[4] ^= 0x01;
        Assert.Equal(ModbusRejectReason.CrcMismatch, Decode(flipped));

        // Checked frames that answer a different question.
        Assert.Equal(ModbusRejectReason.SlaveAddressMismatch, Decode(ReadInputRegisters.EncodeResponse(0x02, [0x4366, 0x3334])));
        Assert.Equal(ModbusRejectReason.UnexpectedFunction, Decode(WithCrc([0x01, 0x03, 0x04, 0x43, 0x66, 0x33, 0x34])));
        Assert.Equal(ModbusRejectReason.ByteCountMismatch, Decode(WithCrc([0x01, 0x04, 0x02, 0x43, 0x66, 0x33, 0x34])));
        Assert.Equal(ModbusRejectReason.UnexpectedFunction, Decode(WithCrc([0x01, 0x83, 0x02])));
    }

    [Fact]
    public void Requests_outside_the_protocol_limits_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadInputRegisters.EncodeRequest(0, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadInputRegisters.EncodeRequest(248, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadInputRegisters.EncodeRequest(1, 0, 126));
    }

    [Theory]
    // One character is 11 bits. 2400 baud: 11/2400 s = 4.5833 ms → t1.5 = 6.875 ms, t3.5 = 16.0417 ms.
    [InlineData(2400, 6.875, 16.0417)]
    // 9600 baud: 1.14583 ms per character → t1.5 = 1.71875 ms, t3.5 = 4.01042 ms.
    [InlineData(9600, 1.7188, 4.0104)]
    // 19200 is the last rate with computed times: 0.572917 ms → 0.859375 ms and 2.005208 ms.
    [InlineData(19200, 0.8594, 2.0052)]
    // Above 19200 the specification fixes 750 µs and 1.750 ms.
    [InlineData(38400, 0.75, 1.75)]
    [InlineData(115200, 0.75, 1.75)]
    public void Frame_timing_follows_the_serial_line_specification(int baud, double t15Ms, double t35Ms)
    {
        var timing = ModbusRtuTiming.ForBaudRate(baud);
        Assert.Equal(t15Ms, timing.InterCharacterTimeout.TotalMilliseconds, tolerance: 0.001);
        Assert.Equal(t35Ms, timing.InterFrameSilence.TotalMilliseconds, tolerance: 0.001);
    }

    private static ModbusRejectReason Decode(byte[] frame) => ReadInputRegisters.DecodeResponse(frame, 0x01, 2).Reject;

    private static byte[] WithCrc(byte[] body)
    {
        var crc = Crc16Modbus.Compute(body);
        return [.. body, (byte)crc, (byte)(crc >> 8)];
    }
}
