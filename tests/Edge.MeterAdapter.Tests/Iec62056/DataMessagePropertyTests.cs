using CsCheck;
using Edge.MeterAdapter.Iec62056;

namespace Edge.MeterAdapter.Tests.Iec62056;

/// <summary>
/// Robustness of the data message decoder: it never throws, and every corruption the BCC and framing are guaranteed to
/// catch is rejected. (An XOR check cannot see two errors that cancel each other; those are not claimed.)
/// </summary>
public sealed class DataMessagePropertyTests
{
    private const int Iterations = 10_000;

    private static readonly Gen<string> Line =
        Gen.Select(Gen.Int[1, 99], Gen.Int[0, 9], Gen.Int[0, 9], Gen.Long[0, 99_999_999], Gen.OneOf("kWh", "V", "A", "kW", ""))
            .Select((c, d, e, value, unit) => $"{c}.{d}.{e}({value / 1000}.{value % 1000:D3}{(unit.Length > 0 ? "*" + unit : "")})");

    private static readonly Gen<byte[]> ValidMessage = Line.List[0, 12].Select(lines => DataMessage.Encode(lines));

    [Fact]
    public void Random_bytes_never_throw()
    {
        Gen.Byte.Array[0, 400].Sample(bytes =>
        {
            var result = DataMessage.Decode(bytes);
            return result.IsAccepted || result.DataSets.Count == 0;
        }, iter: Iterations);
    }

    [Fact]
    public void Random_bytes_between_stx_and_etx_never_throw()
    {
        // Framed noise reaches past the frame checks into the BCC and line parser.
        Gen.Byte[0x00, 0x7F].Array[0, 200].Sample(body =>
        {
            byte bcc = 0x03;
            foreach (var b in body)
            {
                bcc ^= b;
            }

            var result = DataMessage.Decode([0x02, .. body, 0x03, bcc]);
            return result.IsAccepted || result.Reject != Iec62056RejectReason.BccMismatch;
        }, iter: Iterations);
    }

    [Fact]
    public void Valid_messages_are_accepted()
    {
        ValidMessage.Sample(message => DataMessage.Decode(message).IsAccepted, iter: Iterations);
    }

    [Fact]
    public void Any_single_byte_substitution_is_rejected()
    {
        // A changed byte changes the XOR by (old ^ new) ≠ 0 in bits 0-6, or sets bit 7, or breaks STX/ETX/BCC placement.
        Gen.Select(ValidMessage, Gen.Int[0, int.MaxValue], Gen.Byte[1, 255]).Sample((message, position, delta) =>
        {
            var corrupt = (byte[])message.Clone();
            corrupt[position % corrupt.Length] ^= delta;
            return !DataMessage.Decode(corrupt).IsAccepted;
        }, iter: Iterations);
    }

    [Fact]
    public void Dropped_inserted_or_truncated_bytes_are_rejected()
    {
        Gen.Select(ValidMessage, Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Byte).Sample((message, kind, position, inserted) =>
        {
            var bytes = message.ToList();
            var at = position % bytes.Count;
            switch (kind)
            {
                case 0: bytes.RemoveAt(at); break;
                case 1: bytes.Insert(at, inserted); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }

            return !DataMessage.Decode([.. bytes]).IsAccepted;
        }, iter: Iterations);
    }
}
