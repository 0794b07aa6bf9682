using Edge.Trainer.Data;

namespace Edge.Trainer.Tests.Data;

public class SgccCsvWriterTests
{
    [Fact]
    public void Writes_the_sgcc_layout_with_empty_cells_for_missing_days()
    {
        var data = new ConsumptionDataset(["A", "B"], [0, 1], new DateOnly(2014, 1, 31), 2, [1.5f, float.NaN, 0.1f, 12f]);
        using var stream = new MemoryStream();
        SgccCsvWriter.Write(stream, data);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.Equal("CONS_NO,FLAG,2014/1/31,2014/2/1\nA,0,1.5,\nB,1,0.1,12\n", text);
    }

    [Fact]
    public void Round_trips_through_the_reader()
    {
        var values = new[] { 3.14159f, float.NaN, 800003f, 1e-7f, 0f, 123.45f };
        var data = new ConsumptionDataset(["x1", "x2"], [1, 0], new DateOnly(2016, 2, 28), 3, values);
        using var stream = new MemoryStream();
        SgccCsvWriter.Write(stream, data);
        var back = SgccCsvReader.Read(new MemoryStream(stream.ToArray()), "mem").Dataset;
        Assert.Equal(data.CustomerIds, back.CustomerIds);
        Assert.Equal(data.Labels.ToArray(), back.Labels.ToArray());
        Assert.Equal(data.FirstDay, back.FirstDay);
        Assert.Equal(values, back.Values.ToArray());
    }
}
