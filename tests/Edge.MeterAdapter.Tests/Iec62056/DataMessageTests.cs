using System.Text;
using Edge.MeterAdapter.Iec62056;
using Edge.MeterAdapter.Obis;

namespace Edge.MeterAdapter.Tests.Iec62056;

public sealed class DataMessageTests
{
    private const byte Stx = 0x02;
    private const byte Etx = 0x03;

    private static byte[] Message(string body, byte bcc) => [Stx, .. Encoding.ASCII.GetBytes(body), Etx, bcc];

    [Fact]
    public void Bcc_of_a_short_block_computed_by_hand()
    {
        // XOR of every byte after STX through ETX, written out:
        //   'C' 0x43 ^ '.' 0x2E = 0x6D;  ^ '1' 0x31 = 0x5C;  ^ '.' 0x2E = 0x72;  ^ '0' 0x30 = 0x42;
        //   ^ '(' 0x28 = 0x6A;  ^ '7' 0x37 = 0x5D;  ^ ')' 0x29 = 0x74;  ^ CR 0x0D = 0x79;  ^ LF 0x0A = 0x73;
        //   ^ '!' 0x21 = 0x52;  ^ CR 0x0D = 0x5F;  ^ LF 0x0A = 0x55;  ^ ETX 0x03 = 0x56 ('V').
        const byte bcc = 0x56;
        var message = Message("C.1.0(7)\r\n!\r\n", bcc);

        Assert.Equal(message, DataMessage.Encode(["C.1.0(7)"]));
        var decoded = DataMessage.Decode(message);
        Assert.True(decoded.IsAccepted, decoded.ToString());
        var set = Assert.Single(decoded.DataSets);
        Assert.Equal(ObisCode.Reduced(96, 1, 0), set.Code);
        Assert.Equal("7", set.Values[0].Text);
    }

    [Fact]
    public void Bcc_of_the_reference_block_is_0x17()
    {
        // Block from the project's meter notes (BCC recomputed there with pwitab/iec62056-21's algorithm).
        var message = DataMessage.Encode(["1.8.0(0012345.678*kWh)", "2.8.0(0000000.000*kWh)", "0.9.1(123456)"]);

        Assert.Equal(0x17, message[^1]);
        Assert.Equal(3, DataMessage.Decode(message).DataSets.Count);
    }

    [Fact]
    public void Bcc_of_the_pwitab_readout_example()
    {
        // pwitab/iec62056-21 tests/test_data.py, ReadoutDataMessage: STX "3:14(314*kWh)4:15(415*kWh)" CR LF "!" CR LF ETX '"'.
        // Its addresses are not OBIS codes, so the message passes the BCC and fails at the line parser; with the BCC
        // replaced by 'x' (that test's negative case) it fails the BCC.
        var message = Message("3:14(314*kWh)4:15(415*kWh)\r\n!\r\n", (byte)'"');

        Assert.Equal(Iec62056RejectReason.MalformedLine, DataMessage.Decode(message).Reject);
        Assert.Equal(Iec62056RejectReason.BccMismatch, DataMessage.Decode([.. message[..^1], (byte)'x']).Reject);
    }

    [Fact]
    public void Empty_data_block_is_a_valid_message_without_data_sets()
    {
        // '!' 0x21 ^ CR 0x0D ^ LF 0x0A ^ ETX 0x03 = 0x2C ^ 0x0A ^ 0x03 = 0x26 ^ 0x03 = 0x25.
        var decoded = DataMessage.Decode(Message("!\r\n", 0x25));

        Assert.True(decoded.IsAccepted, decoded.ToString());
        Assert.Empty(decoded.DataSets);
    }

    [Fact]
    public void Several_data_sets_may_share_a_line()
    {
        var decoded = DataMessage.Decode(DataMessage.Encode(["1.8.1(0000001.000*kWh)1.8.2(0000002.000*kWh)"]));

        Assert.Equal(2, decoded.DataSets.Count);
    }

    [Fact]
    public void Each_kind_of_bad_message_is_rejected_for_its_own_reason()
    {
        var good = Message("C.1.0(7)\r\n!\r\n", 0x56);

        Assert.Equal(Iec62056RejectReason.BccMismatch, Reject(good[..^1].Append((byte)0x57)));
        var flipped = (byte[])good.Clone();
        flipped[7] = (byte)'8';
        Assert.Equal(Iec62056RejectReason.BccMismatch, Reject(flipped));

        var parity = (byte[])good.Clone();
        parity[7] |= 0x80;
        Assert.Equal(Iec62056RejectReason.NonAsciiByte, Reject(parity));

        Assert.Equal(Iec62056RejectReason.MalformedFrame, Reject(good[1..]));
        Assert.Equal(Iec62056RejectReason.MalformedFrame, Reject(good[..^1]));
        Assert.Equal(Iec62056RejectReason.MalformedFrame, Reject([.. good, 0x00]));
        Assert.Equal(Iec62056RejectReason.MalformedFrame, Reject([]));

        // Correct BCC but no end line; correct BCC but a broken data line.
        Assert.Equal(Iec62056RejectReason.MissingEndLine, Reject(WithBcc("C.1.0(7)\r\n")));
        var broken = DataMessage.Decode(WithBcc("C.1.0(7)\r\n1.8.0(12\r\n!\r\n"));
        Assert.Equal(Iec62056RejectReason.MalformedLine, broken.Reject);
        Assert.StartsWith("line 2, column 6", broken.Detail, StringComparison.Ordinal);
        Assert.Equal(Iec62056RejectReason.MalformedLine, Reject(WithBcc("C.1.0(7)!\r\n")));
    }

    private static Iec62056RejectReason Reject(IEnumerable<byte> message) => DataMessage.Decode([.. message]).Reject;

    /// <summary>A message with a correct BCC around an arbitrary body, from an XOR written here, not the code under test.</summary>
    private static byte[] WithBcc(string body)
    {
        byte bcc = Etx;
        foreach (var b in Encoding.ASCII.GetBytes(body))
        {
            bcc ^= b;
        }

        return Message(body, bcc);
    }
}
