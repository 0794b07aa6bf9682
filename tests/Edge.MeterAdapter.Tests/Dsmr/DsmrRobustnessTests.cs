using System.Globalization;
using CsCheck;
using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Tests.Checksums;

namespace Edge.MeterAdapter.Tests.Dsmr;

/// <summary>
/// Random streams of valid and damaged telegrams, cut into random chunks: nothing throws, no telegram whose CRC
/// fails (by the test's own bitwise CRC) becomes a reading, and every undamaged telegram yields exactly one.
/// </summary>
public class DsmrRobustnessTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private enum Damage
    {
        None,
        BitFlip,
        DroppedByte,
        Truncated,
        InsertedGarbage,
        RandomBytes,
    }

    /// <summary>A telegram (v5 or v4.2 from a random reading) and what was done to it.</summary>
    private static readonly Gen<(byte[] Original, byte[] Sent, Damage Damage)> Segment =
        Gen.Select(DsmrGen.Reading, Gen.Bool, Gen.Enum<Damage>(), Gen.Int[0, int.MaxValue], Gen.Byte.Array[1, 40])
            .Select((reading, v5, damage, at, noise) =>
            {
                var original = DsmrTelegramWriter.Write(reading, v5 ? DsmrVersion.V5 : DsmrVersion.V4_2);
                var i = at % original.Length;
                byte[] sent = damage switch
                {
                    Damage.None => original,
                    Damage.BitFlip => Flip(original, i, at),
                    Damage.DroppedByte => [.. original.AsSpan(0, i), .. original.AsSpan(i + 1)],
                    Damage.Truncated => original[..i],
                    Damage.InsertedGarbage => [.. original.AsSpan(0, i), .. noise, .. original.AsSpan(i)],
                    _ => noise,
                };
                return (original, sent, damage);
            });

    private static byte[] Flip(byte[] original, int index, int seed)
    {
        var copy = (byte[])original.Clone();
        copy[index] ^= (byte)(1 << (seed >> 8 & 7));
        return copy;
    }

    [Fact]
    public void Damaged_telegrams_never_become_readings_and_intact_ones_always_do()
    {
        var stream = Gen.Select(Segment.Array[1, 4], Gen.Int[1, 700]);
        stream.Sample((segments, chunk) =>
        {
            var bytes = segments.SelectMany(s => s.Sent).ToArray();
            var decoder = new DsmrDecoder(new DsmrOptions());
            var framer = new DsmrFramer(decoder.Counters);
            var frames = new List<DsmrFrame>();
            var accepted = new List<byte[]>();
            for (var i = 0; i < bytes.Length; i += chunk)
            {
                frames.Clear();
                framer.Feed(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), frames);
                accepted.AddRange(frames.Where(f => decoder.TryDecode(f, Now, out _)).Select(f => f.Bytes));
            }

            foreach (var frame in accepted)
            {
                Assert.True(ReferenceCrcHolds(frame), "a telegram whose CRC fails became a reading");
            }

            // A damage that happens to leave a neighbour byte-identical (e.g. garbage before '/') still counts:
            // every telegram that arrives intact in the stream must come out exactly once.
            foreach (var (original, sent, damage) in segments.Where(s => s.Damage == Damage.None))
            {
                Assert.Equal(1, accepted.Count(a => a.AsSpan().SequenceEqual(original)) - segments.Count(s => s.Damage != Damage.None && s.Sent.AsSpan().SequenceEqual(original)));
            }
        }, iter: 10_000);
    }

    [Fact]
    public void Feed_never_throws_on_random_bytes()
    {
        Gen.Select(Gen.Byte.Array[0, 3000], Gen.Bool).Sample((bytes, mask) =>
        {
            var decoder = new DsmrDecoder(new DsmrOptions { MaskParityBit = mask, MaxFrameLength = 1024 });
            var readings = new List<Edge.MeterAdapter.Readings.MeterReading>();
            decoder.Feed(bytes, Now, readings);
            decoder.EndOfData();
            Assert.Empty(readings);
        }, iter: 2_000);
    }

    /// <summary>True when the trailer's hex digits equal the bitwise reference CRC over '/' through '!'.</summary>
    private static bool ReferenceCrcHolds(byte[] frame)
    {
        var bang = Array.LastIndexOf(frame, (byte)'!');
        var digits = System.Text.Encoding.ASCII.GetString(frame, bang + 1, frame.Length - bang - 3);
        return digits.Length > 0
            && int.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture) == ReferenceCrc16.Arc(frame.AsSpan(0, bang + 1));
    }
}
