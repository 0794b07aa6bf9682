using System.Text;
using Edge.MeterAdapter.Checksums;

namespace Edge.MeterAdapter.Tests.Checksums;

public class BlockCheckCharacterTests
{
    [Fact]
    public void Programming_command_block_from_pwitab_test_vector()
    {
        // SOH 'P' '0' STX "(1234567)" ETX -> BCC 'P' (pwitab/iec62056-21 tests/test_bcc.py). By hand:
        // 'P' ^ '0' = 0x60; ^ STX = 0x62; '(' ^ ')' = 0x01 and '1' ^ ... ^ '7' = 0x30, so "(1234567)" gives 0x31;
        // 0x62 ^ 0x31 = 0x53; ^ ETX = 0x50 = 'P'.
        byte[] block = [0x01, (byte)'P', (byte)'0', 0x02, .. Encoding.ASCII.GetBytes("(1234567)"), 0x03];
        Assert.True(BlockCheckCharacter.TryComputeForBlock(block, out var bcc));
        Assert.Equal((byte)'P', bcc);
    }

    [Fact]
    public void Covers_bytes_after_STX_through_ETX()
    {
        // STX 'A' 'B' ETX: 0x41 ^ 0x42 ^ 0x03 = 0x00; a leading 'Z' before STX must not count.
        Assert.True(BlockCheckCharacter.TryComputeForBlock([(byte)'Z', 0x02, 0x41, 0x42, 0x03, 0x77], out var bcc));
        Assert.Equal(0x00, bcc);
        Assert.Equal(0x43 ^ 0x03, BlockCheckCharacter.Compute([0x43, 0x03]));
    }

    [Fact]
    public void Parity_bit_is_masked()
    {
        // 7-bit characters: 0xC1 is 'A' with its parity bit set.
        Assert.Equal(0x41, BlockCheckCharacter.Compute([0xC1]));
    }

    [Theory]
    [InlineData(new byte[] { 0x41, 0x42 })]
    [InlineData(new byte[] { 0x02, 0x41, 0x42 })]
    public void Fails_without_start_or_end(byte[] block) => Assert.False(BlockCheckCharacter.TryComputeForBlock(block, out _));
}
