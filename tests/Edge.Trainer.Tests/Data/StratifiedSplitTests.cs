using Edge.Trainer.Data;

namespace Edge.Trainer.Tests.Data;

public class StratifiedSplitTests
{
    private static byte[] Labels(int negatives, int positives)
    {
        // Interleave so that a split by position would not be stratified by accident.
        var labels = new byte[negatives + positives];
        for (var i = 0; i < positives; i++)
        {
            labels[i * 7 % labels.Length] = 1;
        }

        return labels;
    }

    [Fact]
    public void Parts_are_disjoint_and_cover_every_customer()
    {
        var labels = Labels(915, 85);
        Assert.Equal(85, labels.Count(l => l == 1));
        var split = StratifiedSplit.Split(labels);
        var all = split.Train.Concat(split.Validation).Concat(split.Test).ToArray();
        Assert.Equal(1000, all.Length);
        Assert.Equal(Enumerable.Range(0, 1000), all.Order());
    }

    [Fact]
    public void Each_class_keeps_its_share_in_each_part()
    {
        var labels = Labels(915, 85);
        var split = StratifiedSplit.Split(labels);

        int Positives(int[] part) => part.Count(i => labels[i] == 1);

        // Positives: test round(85 * 0.3 = 25.5) = 26, validation round(8.5) = 9, train 50.
        // Negatives: test round(274.5) = 275, validation round(91.5) = 92, train 548.
        Assert.Equal(26, Positives(split.Test));
        Assert.Equal(9, Positives(split.Validation));
        Assert.Equal(50, Positives(split.Train));
        Assert.Equal(275 + 26, split.Test.Length);
        Assert.Equal(92 + 9, split.Validation.Length);
        Assert.Equal(548 + 50, split.Train.Length);
    }

    [Fact]
    public void Same_seed_same_split_other_seed_other_split()
    {
        var labels = Labels(915, 85);
        var a = StratifiedSplit.Split(labels, seed: 42);
        var b = StratifiedSplit.Split(labels, seed: 42);
        var c = StratifiedSplit.Split(labels, seed: 43);
        Assert.Equal(a.Test, b.Test);
        Assert.Equal(a.Validation, b.Validation);
        Assert.NotEqual(a.Test, c.Test);
    }

    [Fact]
    public void Without_validation_it_is_the_seed_notebooks_seventy_thirty()
    {
        var split = StratifiedSplit.Split(Labels(900, 100), testShare: 0.3, validationShare: 0);
        Assert.Empty(split.Validation);
        Assert.Equal(300, split.Test.Length);
        Assert.Equal(700, split.Train.Length);
    }

    [Fact]
    public void Rejects_shares_over_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplit.Split(Labels(10, 1), 0.8, 0.3));
}
