using CsCheck;
using Edge.MeterAdapter.Sml;
using Microsoft.Extensions.Time.Testing;

namespace Edge.MeterAdapter.Tests.Sml;

/// <summary>The SML decoder never throws and never reads a file the CRC or framing rejects.</summary>
public sealed class SmlPropertyTests
{
    private const int Iterations = 10_000;
    private static readonly FakeTimeProvider Clock = new();
    private static readonly byte[][] Golden = [SmlGoldenFrames.Dzg, SmlGoldenFrames.Holley, SmlGoldenFrames.Ebz];

    [Fact]
    public void Random_bytes_and_framed_noise_never_throw()
    {
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Bool).Sample((bytes, framed) =>
        {
            var decoder = new SmlDecoder(Clock);
            var reading = decoder.Decode(framed ? SmlTransport.Encode(bytes) : bytes);
            return reading is not null || decoder.Rejects.Total == 1;
        }, iter: Iterations);
    }

    [Fact]
    public void A_burst_of_up_to_16_flipped_bits_in_a_golden_file_is_never_read()
    {
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.UShort[1, ushort.MaxValue]).Sample((which, position, pattern) =>
        {
            var file = (byte[])Golden[which].Clone();
            var bit = position % ((file.Length * 8) - 15);
            for (var i = 0; i < 16; i++)
            {
                if ((pattern & (1 << i)) != 0)
                {
                    file[(bit + i) / 8] ^= (byte)(1 << ((bit + i) % 8));
                }
            }

            return new SmlDecoder(Clock).Decode(file) is null;
        }, iter: Iterations);
    }

    [Fact]
    public void Dropped_inserted_or_truncated_bytes_are_never_read()
    {
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Byte).Sample((which, kind, position, inserted) =>
        {
            var bytes = Golden[which].ToList();
            var at = position % bytes.Count;
            switch (kind)
            {
                case 0: bytes.RemoveAt(at); break;
                case 1: bytes.Insert(at, inserted); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }

            return new SmlDecoder(Clock).Decode([.. bytes]) is null;
        }, iter: Iterations);
    }
}
