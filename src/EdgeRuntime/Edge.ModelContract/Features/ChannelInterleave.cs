using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edge.ModelContract.Features;

/// <summary>
/// Writes channel rows (row c holds channel c for every day) into the day-major features the model reads: day d,
/// channel c at d * channelCount + c. This transpose is most of the multi-channel feature cost: a value at a time it is
/// one load and one store per value, 5,180 for the gateway model's 1,036 days x 5 channels. With AVX2, five channels
/// (the gateway model's spec) go eight days at a time: five row vectors, each output vector gathered from all five by
/// a lane permute (vpermps) and an immediate blend, five vector stores. Other channel counts, the last days and other
/// processors (NEON on the Pi) take the value-at-a-time loop.
/// </summary>
internal static class ChannelInterleave
{
    /// <param name="rows"><paramref name="count"/> rows of <paramref name="days"/> values, row after row.</param>
    public static void Write(ReadOnlySpan<float> rows, int days, int count, Span<float> features)
    {
        var done = count == 5 && Avx2.IsSupported ? FiveChannels(rows, days, features) : 0;
        for (var c = 0; c < count; c++)
        {
            var row = rows.Slice((c * days) + done, days - done);
            for (int d = 0, at = (done * count) + c; d < row.Length; d++, at += count)
            {
                features[at] = row[d];
            }
        }
    }

    /// <summary>Eight days at a time while eight are left; returns the days written.</summary>
    /// <remarks>
    /// Output vector p of a block holds values 8p..8p+7, value f being day f / 5 and channel f % 5: permute every row
    /// by the days of vector p, then take lane j from the row of its channel (blend bit j set where f % 5 is that row).
    /// </remarks>
    private static int FiveChannels(ReadOnlySpan<float> rows, int days, Span<float> features)
    {
        var days0 = Vector256.Create(0, 0, 0, 0, 0, 1, 1, 1);
        var days1 = Vector256.Create(1, 1, 2, 2, 2, 2, 2, 3);
        var days2 = Vector256.Create(3, 3, 3, 3, 4, 4, 4, 4);
        var days3 = Vector256.Create(4, 5, 5, 5, 5, 5, 6, 6);
        var days4 = Vector256.Create(6, 6, 6, 7, 7, 7, 7, 7);
        var d = 0;
        for (; d <= days - 8; d += 8)
        {
            var kwh = Vector256.Create(rows[d..]);
            var channel1 = Vector256.Create(rows[(days + d)..]);
            var channel2 = Vector256.Create(rows[((2 * days) + d)..]);
            var channel3 = Vector256.Create(rows[((3 * days) + d)..]);
            var channel4 = Vector256.Create(rows[((4 * days) + d)..]);
            var block = features.Slice(5 * d, 40);
            var out0 = Avx2.PermuteVar8x32(kwh, days0);
            out0 = Avx.Blend(out0, Avx2.PermuteVar8x32(channel1, days0), 0x42);
            out0 = Avx.Blend(out0, Avx2.PermuteVar8x32(channel2, days0), 0x84);
            out0 = Avx.Blend(out0, Avx2.PermuteVar8x32(channel3, days0), 0x08);
            out0 = Avx.Blend(out0, Avx2.PermuteVar8x32(channel4, days0), 0x10);
            out0.CopyTo(block[0..]);
            var out1 = Avx2.PermuteVar8x32(kwh, days1);
            out1 = Avx.Blend(out1, Avx2.PermuteVar8x32(channel1, days1), 0x08);
            out1 = Avx.Blend(out1, Avx2.PermuteVar8x32(channel2, days1), 0x10);
            out1 = Avx.Blend(out1, Avx2.PermuteVar8x32(channel3, days1), 0x21);
            out1 = Avx.Blend(out1, Avx2.PermuteVar8x32(channel4, days1), 0x42);
            out1.CopyTo(block[8..]);
            var out2 = Avx2.PermuteVar8x32(kwh, days2);
            out2 = Avx.Blend(out2, Avx2.PermuteVar8x32(channel1, days2), 0x21);
            out2 = Avx.Blend(out2, Avx2.PermuteVar8x32(channel2, days2), 0x42);
            out2 = Avx.Blend(out2, Avx2.PermuteVar8x32(channel3, days2), 0x84);
            out2 = Avx.Blend(out2, Avx2.PermuteVar8x32(channel4, days2), 0x08);
            out2.CopyTo(block[16..]);
            var out3 = Avx2.PermuteVar8x32(kwh, days3);
            out3 = Avx.Blend(out3, Avx2.PermuteVar8x32(channel1, days3), 0x84);
            out3 = Avx.Blend(out3, Avx2.PermuteVar8x32(channel2, days3), 0x08);
            out3 = Avx.Blend(out3, Avx2.PermuteVar8x32(channel3, days3), 0x10);
            out3 = Avx.Blend(out3, Avx2.PermuteVar8x32(channel4, days3), 0x21);
            out3.CopyTo(block[24..]);
            var out4 = Avx2.PermuteVar8x32(kwh, days4);
            out4 = Avx.Blend(out4, Avx2.PermuteVar8x32(channel1, days4), 0x10);
            out4 = Avx.Blend(out4, Avx2.PermuteVar8x32(channel2, days4), 0x21);
            out4 = Avx.Blend(out4, Avx2.PermuteVar8x32(channel3, days4), 0x42);
            out4 = Avx.Blend(out4, Avx2.PermuteVar8x32(channel4, days4), 0x84);
            out4.CopyTo(block[32..]);
        }

        return d;
    }
}
