using Edge.Engine.Tensors;

namespace Edge.Trainer.Synthetic;

/// <summary>
/// Where readings are absent, shaped like SGCC's gaps (about a quarter of all cells, concentrated in some customers
/// and in blocks; thieves' rows more so, 31% against 25%): a late start (meter or data collection began later), an
/// early stop, a few outage blocks, sporadic single days, and very rarely a customer with no reading at all.
/// </summary>
internal static class MissingDays
{
    public static void Apply(bool thief, Rng rng, Span<float> kwh)
    {
        var days = kwh.Length;
        if (rng.NextDouble() < 0.00012)
        {
            kwh.Fill(float.NaN);
            return;
        }

        var late = 0;
        if (rng.NextDouble() < (thief ? 0.47 : 0.38))
        {
            late = (int)(days * rng.Uniform(0.1f, 0.9f));
            kwh[..late].Fill(float.NaN);
        }

        if (rng.NextDouble() < 0.1)
        {
            // Taken from what the late start left, so the two never blank a whole customer.
            kwh[(days - (int)((days - late) * rng.Uniform(0.05f, 0.5f)))..].Fill(float.NaN);
        }

        if (rng.NextDouble() < 0.35)
        {
            var blocks = 1 + rng.NextInt(3);
            for (var b = 0; b < blocks; b++)
            {
                var length = Math.Min(days, 3 + rng.NextInt(58));
                kwh.Slice(rng.NextInt(days - length + 1), length).Fill(float.NaN);
            }
        }

        if (rng.NextDouble() < 0.5)
        {
            for (var t = 0; t < days; t++)
            {
                if (rng.NextDouble() < 0.02)
                {
                    kwh[t] = float.NaN;
                }
            }
        }
    }
}
