namespace Edge.Trainer.Synthetic;

/// <summary>Size and randomness of a synthetic SGCC-like data set. Defaults follow SGCC: 1,034 days from 2014-01-01, 8.5% thieves.</summary>
public sealed record SynthOptions
{
    public int Customers { get; init; } = 2000;

    public int Days { get; init; } = 1034;

    public DateOnly FirstDay { get; init; } = new(2014, 1, 1);

    /// <summary>SGCC: 3,615 of 42,372 customers are labelled thieves (8.53%).</summary>
    public double PositiveShare { get; init; } = 0.085;

    public ulong Seed { get; init; } = 42;

    public void Validate()
    {
        if (Customers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Customers), Customers, "need at least one customer");
        }

        if (Days < 14)
        {
            throw new ArgumentOutOfRangeException(nameof(Days), Days, "need at least 14 days");
        }

        if (PositiveShare is < 0 or > 1 || double.IsNaN(PositiveShare))
        {
            throw new ArgumentOutOfRangeException(nameof(PositiveShare), PositiveShare, "positive share must lie in [0, 1]");
        }
    }
}
