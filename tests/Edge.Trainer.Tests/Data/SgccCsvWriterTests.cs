using CsCheck;
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

public class SgccRoundTripPropertyTests
{
    // Ids with the characters CSV must quote; no surrounding spaces (the reader trims ids).
    private static readonly Gen<string> Id =
        Gen.String[Gen.Char["ab,\"\n\r xyz09"], 1, 8].Where(s => s.Trim().Length == s.Length && s.Length > 0);

    private static readonly Gen<float> Kwh = Gen.OneOf(Gen.Float, Gen.Float[0f, 100f], Gen.Const(float.NaN));

    [Fact]
    public void Any_dataset_reads_back_as_written()
    {
        Gen.Select(Id.Array[1, 6], Gen.Int[1, 9], Kwh.Array[54]).Sample((ids, days, pool) =>
        {
            var unique = ids.Distinct().ToArray();
            var values = Enumerable.Range(0, unique.Length * days).Select(i => pool[i % pool.Length]).ToArray();
            var labels = unique.Select((_, i) => (byte)(i % 2)).ToArray();
            var data = new ConsumptionDataset(unique, labels, new DateOnly(2015, 12, 30), days, values);
            using var stream = new MemoryStream();
            SgccCsvWriter.Write(stream, data);
            var back = SgccCsvReader.Read(new MemoryStream(stream.ToArray()), "mem").Dataset;
            Assert.Equal(unique, back.CustomerIds);
            Assert.Equal(labels, back.Labels.ToArray());
            Assert.Equal(values, back.Values.ToArray());
        });
    }
}
