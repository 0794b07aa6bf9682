using System.Text;
using Edge.MeterAdapter.Dsmr;

namespace Edge.MeterAdapter.Tests.Dsmr;

public class DsmrFramerTests
{
    private static readonly byte[] Telegram = TelegramFiles.Load("dsmr50-meter.txt");

    private static (List<DsmrFrame> Frames, DsmrCounters Counters) Frame(byte[] stream, int chunk = int.MaxValue, int max = DsmrFramer.DefaultMaxFrameLength, bool mask = false)
    {
        var counters = new DsmrCounters();
        var framer = new DsmrFramer(counters, max, mask);
        var frames = new List<DsmrFrame>();
        for (var i = 0; i < stream.Length; i += chunk)
        {
            framer.Feed(stream.AsSpan(i, Math.Min(chunk, stream.Length - i)), frames);
        }

        return (frames, counters);
    }

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(int.MaxValue)]
    public void Finds_one_telegram_whatever_the_chunking(int chunk)
    {
        var (frames, counters) = Frame(Telegram, chunk);
        var frame = Assert.Single(frames);
        Assert.Equal(Telegram, frame.Bytes);
        Assert.Equal(0xA09E, frame.TransmittedCrc);
        Assert.Equal(4, frame.CrcDigits);
        Assert.Equal((byte)'!', frame.Bytes[frame.BangIndex]);
        Assert.Equal(0, counters.Rejects.Total);
    }

    [Fact]
    public void Garbage_before_a_telegram_is_counted_once_and_skipped()
    {
        var (frames, counters) = Frame([.. Ascii("xx 1-0:1.8.1(000"), .. Ascii("12.3)\r\n"), .. Telegram], chunk: 5);
        Assert.Equal(Telegram, Assert.Single(frames).Bytes);
        Assert.Equal(1, counters.Rejects[DsmrRejectReason.Garbage]);
        Assert.Equal(23, counters.DiscardedBytes);
    }

    [Fact]
    public void Line_ends_between_telegrams_are_not_garbage()
    {
        var (frames, counters) = Frame([.. Ascii("\r\n\0"), .. Telegram, .. Ascii("\r\n"), .. Telegram]);
        Assert.Equal(2, frames.Count);
        Assert.Equal(0, counters.Rejects.Total);
    }

    [Fact]
    public void Cut_telegram_is_truncated_and_the_next_one_found()
    {
        var (frames, counters) = Frame([.. Telegram.AsSpan(0, 300), .. Telegram], chunk: 13);
        Assert.Equal(Telegram, Assert.Single(frames).Bytes);
        Assert.Equal(1, counters.Rejects[DsmrRejectReason.Truncated]);
        Assert.Equal(300, counters.DiscardedBytes);
    }

    [Fact]
    public void Telegram_cut_inside_its_CRC_line_is_truncated()
    {
        var bang = Array.IndexOf(Telegram, (byte)'!');
        var (frames, counters) = Frame([.. Telegram.AsSpan(0, bang + 3), .. Telegram]);
        Assert.Single(frames);
        Assert.Equal(1, counters.Rejects[DsmrRejectReason.Truncated]);
    }

    [Fact]
    public void Oversize_telegram_is_rejected_then_framing_resumes()
    {
        var (frames, counters) = Frame([.. Telegram, .. Telegram], max: Telegram.Length - 1);
        Assert.Empty(frames);
        Assert.Equal(2, counters.Rejects[DsmrRejectReason.Oversize]);

        // After an oversize start, everything up to the next '/' belongs to it: not garbage.
        var big = Ascii("/ABC5 big\r\n\r\n" + new string('x', 300) + "\r\n!0000\r\n");
        var small = DsmrTelegramWriter.AppendCrc(Ascii("/ABC5 small\r\n\r\n!"));
        (frames, counters) = Frame([.. big, .. Ascii("garbage"), .. small], max: 100);
        Assert.Equal(small, Assert.Single(frames).Bytes);
        Assert.Equal(1, counters.Rejects[DsmrRejectReason.Oversize]);
        Assert.Equal(0, counters.Rejects[DsmrRejectReason.Garbage]);
        Assert.Equal(big.Length + 7, counters.DiscardedBytes);
    }

    [Theory]
    [InlineData("!12G4\r\n")]
    [InlineData("!12345\r\n")]
    [InlineData("!1234\rX")]
    [InlineData("!1234 \r\n")]
    public void Malformed_trailer_is_rejected(string trailer)
    {
        var (frames, counters) = Frame([.. Ascii("/ABC5 meter\r\n\r\n"), .. Ascii(trailer), .. Telegram]);
        Assert.Equal(Telegram, Assert.Single(frames).Bytes);
        Assert.Equal(1, counters.Rejects[DsmrRejectReason.MalformedLine]);
    }

    [Theory]
    [InlineData("!\r\n", 0, 0x0000)]
    [InlineData("!AFC\r\n", 3, 0x0AFC)]
    [InlineData("!afc\r\n", 3, 0x0AFC)]
    [InlineData("!0574\0\r\n", 4, 0x0574)]
    public void Trailer_forms(string trailer, int digits, int crc)
    {
        var (frames, _) = Frame(Ascii("/ABC5 meter\r\n\r\n" + trailer));
        var frame = Assert.Single(frames);
        Assert.Equal((digits, (ushort)crc), (frame.CrcDigits, frame.TransmittedCrc));
        Assert.DoesNotContain((byte)0, frame.Bytes);
    }

    [Fact]
    public void Quiet_line_mid_telegram_counts_as_truncated()
    {
        var counters = new DsmrCounters();
        var framer = new DsmrFramer(counters);
        var frames = new List<DsmrFrame>();
        framer.Feed(Telegram.AsSpan(0, 100), frames);
        Assert.True(framer.InTelegram);
        framer.EndOfData();
        Assert.False(framer.InTelegram);
        framer.EndOfData();
        Assert.Equal(1, counters.Rejects[DsmrRejectReason.Truncated]);
        framer.Feed(Telegram, frames);
        Assert.Single(frames);
    }

    [Fact]
    public void Parity_bits_are_masked_when_asked()
    {
        // 7E1 read as 8N1: bit 7 carries even parity of the 7 data bits.
        var withParity = Telegram.Select(b => (byte)(System.Numerics.BitOperations.PopCount(b) % 2 == 1 ? b | 0x80 : b)).ToArray();
        Assert.Contains(withParity, b => b >= 0x80);
        Assert.Equal(Telegram, Assert.Single(Frame(withParity, chunk: 100, mask: true).Frames).Bytes);
        Assert.DoesNotContain(Frame(withParity).Frames, f => f.Bytes.SequenceEqual(Telegram));
    }
}
