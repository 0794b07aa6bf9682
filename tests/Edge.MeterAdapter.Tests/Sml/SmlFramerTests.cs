using CsCheck;
using Edge.MeterAdapter.Sml;
using Microsoft.Extensions.Time.Testing;

namespace Edge.MeterAdapter.Tests.Sml;

public sealed class SmlFramerTests
{
    private static readonly byte[] Noise = [0x00, 0x1B, 0x1B, 0x55, 0xFF, 0x1B, 0x1B, 0x1B, 0x1B, 0x01];

    private static byte[] Stream() =>
        [.. Noise, .. SmlGoldenFrames.Dzg, .. SmlGoldenFrames.Holley, .. Noise, .. SmlGoldenFrames.Ebz, 0x1B, 0x1B];

    [Fact]
    public void Files_are_cut_from_noise_whatever_the_chunk_boundaries()
    {
        Gen.Int[1, 97].Sample(chunk =>
        {
            var framer = new SmlFramer();
            var files = new List<byte[]>();
            var stream = Stream();
            for (var i = 0; i < stream.Length; i += chunk)
            {
                files.AddRange(framer.Push(stream.AsSpan(i, Math.Min(chunk, stream.Length - i))));
            }

            return files.Count == 3
                && files[0].SequenceEqual(SmlGoldenFrames.Dzg)
                && files[1].SequenceEqual(SmlGoldenFrames.Holley)
                && files[2].SequenceEqual(SmlGoldenFrames.Ebz);
        }, iter: 200);
    }

    [Fact]
    public void Cut_files_decode_to_readings()
    {
        var decoder = new SmlDecoder(new FakeTimeProvider());
        var readings = new SmlFramer().Push(Stream()).Select(f => decoder.Decode(f)).ToList();

        Assert.Equal(3, readings.Count);
        Assert.All(readings, Assert.NotNull);
    }

    [Fact]
    public void A_file_cut_off_by_a_new_start_is_dropped_and_the_next_one_is_kept()
    {
        var framer = new SmlFramer();
        var files = framer.Push([.. SmlGoldenFrames.Dzg.AsSpan(0, 40), .. SmlGoldenFrames.Holley]);

        Assert.Equal([SmlGoldenFrames.Holley], files);
        Assert.Equal(1, framer.Rejects[SmlRejectReason.MalformedFrame]);
    }

    [Fact]
    public void A_start_without_an_end_is_dropped_after_the_size_limit()
    {
        var framer = new SmlFramer();
        var endless = new byte[SmlFramer.MaxFileLength + 64];
        endless.AsSpan().Fill(0x42);
        SmlGoldenFrames.Dzg.AsSpan(0, 8).CopyTo(endless);

        Assert.Empty(framer.Push(endless));
        Assert.Equal(1, framer.Rejects[SmlRejectReason.FileTooLong]);
        Assert.Equal([SmlGoldenFrames.Ebz], framer.Push(SmlGoldenFrames.Ebz));
    }
}
