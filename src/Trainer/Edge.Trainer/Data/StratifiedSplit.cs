using Edge.Engine.Tensors;

namespace Edge.Trainer.Data;

/// <summary>
/// Splits customers (never days of one customer) into train, validation and test, keeping each class's share in
/// every part. The seed notebook's split is train_test_split(test_size=0.3, stratify=labels, random_state=42); we
/// keep its 70/30 and seed 42, and carve the validation part (for early stopping and the decision threshold) out of
/// the 70%. The shuffle is our own generator, so the indices are not scikit-learn's, but they are the same on every
/// run and every machine for a seed.
/// </summary>
public static class StratifiedSplit
{
    public const double DefaultTestShare = 0.3;
    public const double DefaultValidationShare = 0.1;
    public const ulong DefaultSeed = 42;

    /// <param name="labels">0/1 label per customer.</param>
    /// <param name="testShare">Share of every class that goes to test.</param>
    /// <param name="validationShare">Share of every class (of all customers, not of train) that goes to validation.</param>
    public static DatasetSplit Split(ReadOnlySpan<byte> labels, double testShare = DefaultTestShare,
        double validationShare = DefaultValidationShare, ulong seed = DefaultSeed)
    {
        if (testShare is < 0 or > 1 || validationShare is < 0 or > 1 || testShare + validationShare > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(testShare), $"test share {testShare} and validation share {validationShare} must be in [0, 1] and sum to at most 1");
        }

        var rng = new Rng(seed);
        List<int> train = [], validation = [], test = [];
        for (byte label = 0; label <= 1; label++)
        {
            var members = new List<int>();
            for (var i = 0; i < labels.Length; i++)
            {
                if (labels[i] == label)
                {
                    members.Add(i);
                }
            }

            var shuffled = members.ToArray();
            rng.Shuffle<int>(shuffled);
            var nTest = (int)Math.Round(shuffled.Length * testShare, MidpointRounding.AwayFromZero);
            var nValidation = Math.Min((int)Math.Round(shuffled.Length * validationShare, MidpointRounding.AwayFromZero), shuffled.Length - nTest);
            test.AddRange(shuffled[..nTest]);
            validation.AddRange(shuffled[nTest..(nTest + nValidation)]);
            train.AddRange(shuffled[(nTest + nValidation)..]);
        }

        return new DatasetSplit(Sorted(train), Sorted(validation), Sorted(test));
    }

    private static int[] Sorted(List<int> indices)
    {
        var array = indices.ToArray();
        Array.Sort(array);
        return array;
    }
}
