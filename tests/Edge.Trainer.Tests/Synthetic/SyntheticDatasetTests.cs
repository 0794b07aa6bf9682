using Edge.Trainer.Data;
using Edge.Trainer.Synthetic;

namespace Edge.Trainer.Tests.Synthetic;

public class SyntheticDatasetTests
{
    // One shared, moderately large sample keeps the suite fast: 3,000 customers x 1,034 days is 3.1 M cells.
    private static readonly Lazy<(ConsumptionDataset Data, IReadOnlyList<TheftRecord> Thieves)> Sample =
        new(() => SyntheticDataset.Generate(new SynthOptions { Customers = 3000, Seed = 7 }));

    private static double MissingShare(ConsumptionDataset data, Func<int, bool> include)
    {
        long missing = 0, cells = 0;
        for (var c = 0; c < data.Count; c++)
        {
            if (include(c))
            {
                foreach (var x in data.Series(c))
                {
                    missing += float.IsNaN(x) ? 1 : 0;
                    cells++;
                }
            }
        }

        return missing / (double)cells;
    }

    [Fact]
    public void Thief_share_is_the_requested_one_and_every_thief_has_a_record()
    {
        var (data, thieves) = Sample.Value;
        // round(3000 * 0.085) = 255.
        Assert.Equal(255, data.PositiveCount);
        Assert.Equal(255, thieves.Count);
        Assert.All(thieves, t => Assert.Equal(1, data.Labels[t.Row]));
        Assert.All(thieves, t => Assert.Equal(data.CustomerIds[t.Row], t.Customer));
        Assert.Equal(Enum.GetValues<AttackFamily>().Order(), thieves.Select(t => t.Family).Distinct().Order());
    }

    [Fact]
    public void Thieves_are_spread_through_the_file_not_grouped()
    {
        var (data, _) = Sample.Value;
        var firstHalf = data.Labels[..1500].Count((byte)1);
        Assert.InRange(firstHalf, 90, 165);
    }

    [Fact]
    public void About_a_quarter_of_cells_are_missing_and_thieves_miss_more()
    {
        var (data, _) = Sample.Value;
        // SGCC: 25.6% overall, 25.1% honest, 31.5% theft.
        Assert.InRange(MissingShare(data, _ => true), 0.21, 0.30);
        var honest = MissingShare(data, c => data.Labels[c] == 0);
        var theft = MissingShare(data, c => data.Labels[c] == 1);
        Assert.True(theft > honest + 0.02, $"theft {theft:P1} vs honest {honest:P1}");
    }

    [Fact]
    public void Missing_days_are_concentrated_in_some_customers()
    {
        var (data, _) = Sample.Value;
        var complete = Enumerable.Range(0, data.Count).Count(c => MissingOf(data, c) < 0.03);
        var mostlyMissing = Enumerable.Range(0, data.Count).Count(c => MissingOf(data, c) > 0.5);
        Assert.True(complete > data.Count / 4, $"{complete} nearly complete customers");
        Assert.True(mostlyMissing > data.Count / 20, $"{mostlyMissing} mostly missing customers");
    }

    private static double MissingOf(ConsumptionDataset data, int c)
    {
        var series = data.Series(c);
        var n = 0;
        foreach (var x in series)
        {
            n += float.IsNaN(x) ? 1 : 0;
        }

        return n / (double)series.Length;
    }

    [Fact]
    public void Readings_look_like_household_kwh_with_winter_and_summer_peaks()
    {
        var (data, _) = Sample.Value;
        var present = data.Values.ToArray().Where(x => !float.IsNaN(x)).Order().ToArray();
        // SGCC median 4.59 kWh a day.
        Assert.InRange(present[present.Length / 2], 2.5f, 8f);
        Assert.True(present[0] >= 0f);

        double MonthMean(int month)
        {
            double sum = 0;
            var n = 0;
            for (var c = 0; c < data.Count; c++)
            {
                if (data.Labels[c] == 1)
                {
                    continue;
                }

                var series = data.Series(c);
                for (var d = 0; d < data.Days; d++)
                {
                    if (data.DateOf(d).Month == month && !float.IsNaN(series[d]))
                    {
                        sum += series[d];
                        n++;
                    }
                }
            }

            return sum / n;
        }

        var april = MonthMean(4);
        Assert.True(MonthMean(1) > 1.2 * april, "January heating");
        Assert.True(MonthMean(7) > 1.2 * april, "July cooling");
    }

    [Fact]
    public void Attacked_blocks_show_their_attack()
    {
        var (data, thieves) = Sample.Value;
        foreach (var t in thieves)
        {
            var block = data.Series(t.Row).Slice(t.StartDay, t.Days).ToArray().Where(x => !float.IsNaN(x)).ToArray();
            Assert.True(t.StartDay >= data.Days / 4 && t.StartDay + t.Days <= data.Days, $"{t.Customer} block {t.StartDay}+{t.Days}");
            switch (t.Family)
            {
                case AttackFamily.Zeroed:
                    Assert.All(block, x => Assert.Equal(0f, x));
                    break;
                case AttackFamily.Mean:
                    Assert.True(block.Distinct().Count() <= 1, $"{t.Customer}: h5 block is not flat");
                    break;
                case AttackFamily.Capped:
                    Assert.All(block, x => Assert.True(x <= t.Parameter!.Value + 0.005, $"{x} above cap {t.Parameter}"));
                    break;
            }
        }
    }

    [Fact]
    public void Same_seed_gives_identical_bytes_and_another_seed_does_not()
    {
        static byte[] Bytes(ulong seed)
        {
            var (data, _) = SyntheticDataset.Generate(new SynthOptions { Customers = 200, Days = 100, Seed = seed });
            using var stream = new MemoryStream();
            SgccCsvWriter.Write(stream, data);
            return stream.ToArray();
        }

        Assert.Equal(Bytes(5), Bytes(5));
        Assert.NotEqual(Bytes(5), Bytes(6));
    }

    [Fact]
    public void Files_parse_with_our_reader_and_the_sidecar_matches()
    {
        var directory = Directory.CreateTempSubdirectory("synth-");
        try
        {
            var csv = Path.Combine(directory.FullName, "synth.csv");
            var options = new SynthOptions { Customers = 300, Days = 60, Seed = 11, PositiveShare = 0.1 };
            var messages = new List<string>();
            var generated = SyntheticFiles.Write(options, csv, new SyncProgress(messages));

            var file = SgccCsvReader.Read(csv);
            Assert.Equal(generated.CustomerIds, file.Dataset.CustomerIds);
            Assert.Equal(generated.Labels.ToArray(), file.Dataset.Labels.ToArray());
            Assert.Equal(generated.Values.ToArray(), file.Dataset.Values.ToArray());
            Assert.Equal(new DateOnly(2014, 1, 1), file.Dataset.FirstDay);

            var sidecar = TheftSidecar.FromJson(File.ReadAllText(SyntheticFiles.SidecarPath(csv)));
            Assert.Equal(30, sidecar.Thieves.Count);
            Assert.All(sidecar.Thieves, t => Assert.Equal(1, file.Dataset.Labels[t.Row]));
            Assert.Equal(["synth.csv", "synth.thieves.json"], directory.GetFiles().Select(f => f.Name).Order());
            Assert.Contains("written 300/300 customers", messages);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private sealed class SyncProgress(List<string> messages) : IProgress<string>
    {
        public void Report(string value) => messages.Add(value);
    }
}
