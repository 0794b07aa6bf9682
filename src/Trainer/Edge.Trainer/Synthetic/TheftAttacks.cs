using Edge.Engine.Tensors;

namespace Edge.Trainer.Synthetic;

/// <summary>Applies one <see cref="AttackFamily"/> in place to a block of true daily kWh.</summary>
public static class TheftAttacks
{
    /// <summary>Families whose reported energy equals the true energy (Jokar's h5 and h6).</summary>
    public static bool ReducesEnergy(AttackFamily family) => family is not (AttackFamily.Mean or AttackFamily.Reversed);

    /// <summary>
    /// Rewrites <paramref name="block"/> and returns the attack's drawn scalar (alpha, cap or c) for the record, or
    /// null when the family has none or draws one per day.
    /// </summary>
    public static double? Apply(AttackFamily family, Span<float> block, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var mean = Mean(block);
        switch (family)
        {
            case AttackFamily.Scaled:
            {
                var alpha = rng.Uniform(0.1f, 0.8f);
                foreach (ref var x in block)
                {
                    x *= alpha;
                }

                return alpha;
            }

            case AttackFamily.Zeroed:
                block.Clear();
                return null;

            case AttackFamily.DailyFactor:
                foreach (ref var x in block)
                {
                    x *= rng.Uniform(0.1f, 0.8f);
                }

                return null;

            case AttackFamily.FactorOfMean:
                foreach (ref var x in block)
                {
                    x = rng.Uniform(0.1f, 0.8f) * mean;
                }

                return null;

            case AttackFamily.Mean:
                block.Fill(mean);
                return null;

            case AttackFamily.Reversed:
                block.Reverse();
                return null;

            case AttackFamily.Capped:
            {
                var cap = rng.Uniform(0.3f, 1.0f) * mean;
                foreach (ref var x in block)
                {
                    x = Math.Min(x, cap);
                }

                return cap;
            }

            case AttackFamily.Subtracted:
            {
                var c = rng.Uniform(0.2f, 0.8f) * mean;
                foreach (ref var x in block)
                {
                    x = Math.Max(x - c, 0f);
                }

                return c;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(family), family, "unknown attack family");
        }
    }

    private static float Mean(ReadOnlySpan<float> block)
    {
        if (block.IsEmpty)
        {
            return 0f;
        }

        double sum = 0;
        foreach (var x in block)
        {
            sum += x;
        }

        return (float)(sum / block.Length);
    }
}
