using System.Text;
using Edge.Trainer.Data;

namespace Edge.Trainer.Tests.Data;

public class CsvTokenizerTests
{
    /// <summary>A stream that hands out one byte per read, so every field crosses buffer boundaries.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
    }

    private static List<(string Field, bool RecordEnd, long Line, int Column)> Tokens(Stream stream, int bufferSize)
    {
        using var csv = new CsvTokenizer(stream, "t.csv", bufferSize);
        var tokens = new List<(string, bool, long, int)>();
        while (csv.TryReadField(out var field, out var end))
        {
            tokens.Add((Encoding.UTF8.GetString(field), end, csv.FieldLine, csv.FieldColumn));
        }

        return tokens;
    }

    [Theory]
    [InlineData("a,b\nc,d\n")]
    [InlineData("\"a\"\"b\",\"c,d\"\r\n\"e\nf\",g")]
    [InlineData("\uFEFFlong-field-longer-than-the-buffer-0123456789,x\r\ny,\n")]
    [InlineData("\"\"\"\",\"\"\r\n,\r")]
    public void Small_buffers_and_one_byte_reads_give_the_same_fields(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var whole = Tokens(new MemoryStream(bytes), 1 << 16);
        var trickled = Tokens(new TrickleStream(bytes), 16);
        Assert.Equal(whole, trickled);
    }

    [Fact]
    public void Fields_record_ends_lines_and_columns()
    {
        var tokens = Tokens(new MemoryStream(Encoding.UTF8.GetBytes("a,\"b\nc\"\r\nd,\n")), 1 << 16);
        Assert.Equal(
            [("a", false, 1L, 1), ("b\nc", true, 1L, 2), ("d", false, 3L, 1), ("", true, 3L, 2)],
            tokens);
    }

    [Fact]
    public void Trailing_comma_at_end_of_file_gives_an_empty_last_field()
    {
        var tokens = Tokens(new MemoryStream("x,"u8.ToArray()), 1 << 16);
        Assert.Equal([("x", false, 1L, 1), ("", true, 1L, 2)], tokens);
    }
}
