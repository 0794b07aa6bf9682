using System.Text;
using Edge.MeterAdapter.Checksums;

namespace Edge.MeterAdapter.Tests.Checksums;

public class Crc16Tests
{
    private static readonly byte[] CheckInput = Encoding.ASCII.GetBytes("123456789");

    // Check values from the CRC catalogue (reveng "CRC-16/ARC" and "CRC-16/MODBUS" entries, check = CRC of "123456789").
    [Fact]
    public void Arc_matches_catalogue_check_value() => Assert.Equal(0xBB3D, Crc16Arc.Compute(CheckInput));

    [Fact]
    public void Modbus_matches_catalogue_check_value() => Assert.Equal(0x4B37, Crc16Modbus.Compute(CheckInput));

    [Fact]
    public void Modbus_matches_the_Eastron_SDM120_request_example()
    {
        // SDM120 Modbus protocol document: read input register 0 (voltage) is sent as 01 04 00 00 00 02 71 CB,
        // the CRC being transmitted low byte first (0xCB71).
        Assert.Equal(0xCB71, Crc16Modbus.Compute([0x01, 0x04, 0x00, 0x00, 0x00, 0x02]));
    }

    [Fact]
    public void Reference_bitwise_implementation_matches_catalogue_and_table_driven_code()
    {
        Assert.Equal(0xBB3D, ReferenceCrc16.Arc(CheckInput));
        Assert.Equal(0x4B37, ReferenceCrc16.Reflected(CheckInput, 0xFFFF));
        var random = new Random(5);
        var data = new byte[1000];
        random.NextBytes(data);
        Assert.Equal(ReferenceCrc16.Arc(data), Crc16Arc.Compute(data));
        Assert.Equal(ReferenceCrc16.Reflected(data, 0xFFFF), Crc16Modbus.Compute(data));
    }

    [Fact]
    public void Empty_input_gives_init_xor_xorout()
    {
        Assert.Equal(0x0000, Crc16Arc.Compute([]));
        Assert.Equal(0xFFFF, Crc16Modbus.Compute([]));
        Assert.Equal(0x1234 ^ 0x00FF, new Crc16(0x1234, 0x00FF).Compute([]));
    }

    [Fact]
    public void Single_byte_matches_bitwise_definition_written_out()
    {
        // CRC-16/ARC of 0x01, one bit at a time: register 0x0000 ^ 0x01 = 0x0001.
        // bit 0 set -> (0x0001 >> 1) ^ 0xA001 = 0xA001; then 7 more shifts, xoring 0xA001 whenever bit 0 is set:
        // 0xA001 -> 0xF001 -> 0xD801 -> 0xCC01 -> 0xC601 -> 0xC301 -> 0xC181 -> 0xC0C1.
        Assert.Equal(0xC0C1, Crc16Arc.Compute([0x01]));
    }

    [Fact]
    public void Streaming_update_equals_one_shot()
    {
        var crc = Crc16Modbus.Instance;
        var register = crc.Initial;
        register = Crc16.Update(register, CheckInput.AsSpan(0, 4));
        register = Crc16.Update(register, CheckInput.AsSpan(4));
        Assert.Equal(0x4B37, crc.Finish(register));
    }
}
