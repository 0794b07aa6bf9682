using Edge.Trainer.Data;

namespace Edge.Trainer.Tests.Data;

/// <summary>Every structural problem names file, line and (where it is one column) column.</summary>
public class SgccCsvReaderErrorTests
{
    private static void AssertPlace(DataFileException e, long line, int? column, string reason)
    {
        Assert.Equal(SgccText.Source, e.Path);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains(SgccText.Source, e.Message, StringComparison.Ordinal);
        Assert.Contains($"line {line}", e.Message, StringComparison.Ordinal);
        if (column is { } c)
        {
            Assert.Contains($"column {c}", e.Message, StringComparison.Ordinal);
        }

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file() => AssertPlace(SgccText.Fails(""), 1, null, "file is empty");

    [Fact]
    public void File_with_only_a_byte_order_mark_and_blank_lines() => AssertPlace(SgccText.Fails("\uFEFF\n\n"), 1, null, "file is empty");

    [Fact]
    public void Missing_flag_column() => AssertPlace(SgccText.Fails("CONS_NO,2014/1/1\nA,1\n"), 1, null, "no FLAG column");

    [Fact]
    public void Missing_id_column() => AssertPlace(SgccText.Fails("FLAG,2014/1/1\n0,1\n"), 1, null, "CONS_NO or CUSTOMER");

    [Fact]
    public void No_day_columns() => AssertPlace(SgccText.Fails("CONS_NO,FLAG\nA,0\n"), 1, null, "no day columns");

    [Fact]
    public void Two_id_columns() => AssertPlace(SgccText.Fails("CONS_NO,FLAG,CUSTOMER,2014/1/1\n"), 1, 3, "column 1 is already 'CONS_NO'");

    [Theory]
    [InlineData("2014/13/1")]
    [InlineData("1/1/2014")]
    [InlineData("2014/2/30")]
    [InlineData("Unnamed: 0")]
    public void Unparseable_date_header(string header) =>
        AssertPlace(SgccText.Fails($"CONS_NO,FLAG,2014/1/1,{header}\nA,0,1,2\n"), 1, 4, $"header '{header}'");

    [Fact]
    public void Same_date_twice_names_both_columns() =>
        AssertPlace(SgccText.Fails("CONS_NO,FLAG,2014/1/1,2014/1/2,2014-01-01\nA,0,1,2,3\n"), 1, 5, "appears twice, in columns 3 and 5");

    [Fact]
    public void Mistyped_year_is_caught_by_the_calendar_span() =>
        AssertPlace(SgccText.Fails("CONS_NO,FLAG,2014/1/1,2014/1/2,2104/1/3\nA,0,1,2,3\n"), 1, 5, "check for a mistyped date");

    [Theory]
    [InlineData("2")]
    [InlineData("yes")]
    [InlineData("")]
    public void Flag_not_zero_or_one(string flag) =>
        AssertPlace(SgccText.Fails($"CONS_NO,FLAG,2014/1/1\nA,0,1\nB,{flag},1\n"), 3, 2, $"got '{flag}'");

    [Fact]
    public void Duplicate_id_names_both_lines() =>
        AssertPlace(SgccText.Fails("CONS_NO,FLAG,2014/1/1\nA,0,1\nB,0,1\nA,1,1\n"), 4, 1, "customer id 'A' on line 4 duplicates line 2");

    [Fact]
    public void Short_row() => AssertPlace(SgccText.Fails("CONS_NO,FLAG,2014/1/1,2014/1/2\nA,0,1\n"), 2, 4, "row has 3 columns, the header has 4");

    [Fact]
    public void Long_row() => AssertPlace(SgccText.Fails("CONS_NO,FLAG,2014/1/1\nA,0,1\nB,0,1,2\n"), 3, 4, "more than the header's 3 columns");

    [Fact]
    public void Empty_customer_id() => AssertPlace(SgccText.Fails("CONS_NO,FLAG,2014/1/1\n,0,1\n"), 2, 1, "empty customer id");

    [Fact]
    public void Header_without_rows() => AssertPlace(SgccText.Fails("CONS_NO,FLAG,2014/1/1\n"), 2, null, "no customer rows");

    [Fact]
    public void Unclosed_quote() => AssertPlace(SgccText.Fails("CONS_NO,FLAG,2014/1/1\nA,0,\"1\n"), 2, 3, "not closed");

    [Fact]
    public void Text_after_a_closing_quote() => AssertPlace(SgccText.Fails("CONS_NO,FLAG,2014/1/1\n\"A\"x,0,1\n"), 2, 1, "after the closing quote");
}
