using System.Text;
using Edge.Trainer.Data;

namespace Edge.Trainer.Tests.Data;

public class SgccCsvReaderTests
{
    [Fact]
    public void Reads_ids_labels_and_values_keeping_bad_cells_for_cleaning()
    {
        var file = SgccText.Read("CONS_NO,FLAG,2014/1/1,2014/1/2,2014/1/3\nA,1,1.5,,2\nB,0,x,-3,800003\n");
        var data = file.Dataset;

        Assert.Equal(["A", "B"], data.CustomerIds);
        Assert.Equal([1, 0], data.Labels.ToArray());
        Assert.Equal(new DateOnly(2014, 1, 1), data.FirstDay);
        Assert.Equal(3, data.Days);
        Assert.Equal([1.5f, float.NaN, 2f], data.Series(0).ToArray());
        Assert.Equal([float.NaN, -3f, 800003f], data.Series(1).ToArray());
        Assert.Equal(new DataQuality(Cells: 6, Empty: 1, NonNumeric: 1, Negative: 1, Above10000: 1, CustomersWithoutReading: 0), file.Quality);
        Assert.Equal(2.0 / 6, file.Quality.MissingShare, 12);
    }

    [Fact]
    public void Sorts_unordered_date_columns_and_inserts_absent_days_as_missing()
    {
        // Columns: 2014-01-04, 2014-01-01, 2014-01-02; 2014-01-03 is absent (like SGCC's 2016-09-18).
        var file = SgccText.Read("customer,flag,2014-01-04,2014-01-01,2014/1/2\nA,0,4,1,2\n");

        Assert.Equal(4, file.Dataset.Days);
        Assert.Equal([1f, 2f, float.NaN, 4f], file.Dataset.Series(0).ToArray());
        Assert.Equal([3, 0, 1], file.ColumnOrder.DayOfDateColumn);
        Assert.Equal([new DateOnly(2014, 1, 3)], file.ColumnOrder.InsertedDays);
        Assert.False(file.ColumnOrder.WasChronological);
        Assert.Equal(3, file.Quality.Cells);
    }

    [Fact]
    public void Id_and_flag_columns_may_stand_anywhere()
    {
        var file = SgccText.Read("2014/1/1,FLAG,2014/1/2,CONS_NO\n5,1,6,X\n");
        Assert.Equal(["X"], file.Dataset.CustomerIds);
        Assert.Equal([5f, 6f], file.Dataset.Series(0).ToArray());
        Assert.True(file.ColumnOrder.WasChronological);
    }

    [Fact]
    public void Quoted_fields_with_commas_escaped_quotes_and_line_breaks()
    {
        const string text = "\"CONS_NO\",FLAG,2014/1/1\n\"A,\"\"x\"\"\",0,\"3.5\"\n\"multi\nline\",1,2\n";
        var data = SgccText.Read(text).Dataset;
        Assert.Equal(["A,\"x\"", "multi\nline"], data.CustomerIds);
        Assert.Equal([3.5f], data.Series(0).ToArray());
    }

    [Fact]
    public void Lines_are_counted_through_quoted_line_breaks()
    {
        // Line 3 holds the opening of a two-line id; the bad FLAG is on physical line 5.
        var e = SgccText.Fails("CONS_NO,FLAG,2014/1/1\nA,0,1\n\"B\nb\",0,1\nC,7,1\n");
        Assert.Equal(5, e.Line);
        Assert.Equal(2, e.Column);
    }

    [Fact]
    public void Crlf_line_ends_blank_lines_and_a_missing_final_newline()
    {
        var file = SgccText.Read("CONS_NO,FLAG,2014/1/1,2014/1/2\r\nA,0,1,2\r\n\r\nB,1,3,\r\nC,0,5,6");
        Assert.Equal(["A", "B", "C"], file.Dataset.CustomerIds);
        Assert.Equal([3f, float.NaN], file.Dataset.Series(1).ToArray());
        Assert.Equal([5f, 6f], file.Dataset.Series(2).ToArray());
    }

    [Fact]
    public void Crlf_file_reports_the_right_line()
    {
        var e = SgccText.Fails("CONS_NO,FLAG,2014/1/1\r\nA,0,1\r\nB,0\r\n");
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Utf8_byte_order_mark_is_skipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("CONS_NO,FLAG,2014/1/1\nA,1,2\n")).ToArray();
        var data = SgccText.Read(bytes).Dataset;
        Assert.Equal(["A"], data.CustomerIds);
        Assert.Equal(1, data.PositiveCount);
    }

    [Fact]
    public void Customer_with_no_reading_is_counted()
    {
        var file = SgccText.Read("CONS_NO,FLAG,2014/1/1\nA,0,\nB,0,1\n");
        Assert.Equal(1, file.Quality.CustomersWithoutReading);
    }

    [Fact]
    public void Reads_from_a_file_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sgcc-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "CONS_NO,FLAG,2014/1/1\nA,0,1.25\n");
        try
        {
            Assert.Equal([1.25f], SgccCsvReader.Read(path).Dataset.Series(0).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_file_is_a_data_file_error()
    {
        var e = Assert.Throws<DataFileException>(() => SgccCsvReader.Read("/nonexistent/sgcc.csv"));
        Assert.Contains("/nonexistent/sgcc.csv", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot open", e.Message, StringComparison.Ordinal);
    }
}
