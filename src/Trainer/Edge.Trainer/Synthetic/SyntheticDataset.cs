using System.Globalization;
using Edge.Engine.Tensors;
using Edge.Trainer.Data;

namespace Edge.Trainer.Synthetic;

/// <summary>
/// Generates an SGCC-like data set: honest households, thieves whose series are rewritten by a theft attack from part
/// way through, then SGCC-like gaps. Each customer draws from its own generator seeded by (seed, row), so the output
/// is a pure function of the options. Caveat (Altamimi et al., Energy): detectors trained on such synthetic attacks
/// do much worse on real SGCC thieves; use this data for plumbing, tests and demonstrations, not for claims.
/// </summary>
public static class SyntheticDataset
{
    private static readonly AttackFamily[] Families = Enum.GetValues<AttackFamily>();

    public static (ConsumptionDataset Dataset, IReadOnlyList<TheftRecord> Thieves) Generate(SynthOptions options, IProgress<int>? customersDone = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var n = options.Customers;
        var days = options.Days;
        var calendar = new Calendar(options.FirstDay, days);

        var labels = new byte[n];
        var order = Enumerable.Range(0, n).ToArray();
        new Rng(options.Seed).Shuffle<int>(order);
        var thieves = (int)Math.Round(n * options.PositiveShare, MidpointRounding.AwayFromZero);
        foreach (var row in order.AsSpan(0, thieves))
        {
            labels[row] = 1;
        }

        var ids = new string[n];
        var kwh = new float[n * days];
        var records = new List<TheftRecord>();
        for (var row = 0; row < n; row++)
        {
            var rng = new Rng((options.Seed * 0x9E3779B97F4A7C15UL) + (ulong)row + 1);
            ids[row] = CustomerId(rng, row);
            var series = kwh.AsSpan(row * days, days);
            HouseholdSeries.Generate(Household.Draw(rng), calendar, rng, series);
            if (labels[row] == 1)
            {
                records.Add(Attack(ids[row], row, options.FirstDay, rng, series));
            }

            MissingDays.Apply(labels[row] == 1, rng, series);
            foreach (ref var x in series)
            {
                // SGCC readings carry two decimals.
                x = MathF.Round(x, 2);
            }

            if ((row + 1) % 5000 == 0)
            {
                customersDone?.Report(row + 1);
            }
        }

        customersDone?.Report(n);
        return (new ConsumptionDataset(ids, labels, options.FirstDay, days, kwh), records);
    }

    private static TheftRecord Attack(string id, int row, DateOnly firstDay, Rng rng, Span<float> series)
    {
        var days = series.Length;
        var family = Families[rng.NextInt(Families.Length)];
        var start = (int)(days * rng.Uniform(0.25f, 0.75f));
        var remaining = days - start;
        int length;
        if (family == AttackFamily.Zeroed)
        {
            // A bypass of one week to two months; longer zero runs are common among honest SGCC customers too.
            length = Math.Min(remaining, 7 + rng.NextInt(54));
        }
        else
        {
            // Most thieves keep stealing to the end of the record; some stop.
            length = rng.NextDouble() < 0.6 ? remaining : Math.Min(remaining, 30 + rng.NextInt(Math.Max(1, remaining - 29)));
        }

        var parameter = TheftAttacks.Apply(family, series.Slice(start, length), rng);
        return new TheftRecord(id, row, family, start, firstDay.AddDays(start), length, parameter, TheftAttacks.ReducesEnergy(family));
    }

    /// <summary>32 upper-case hex digits like SGCC's CONS_NO; the last 8 encode the row so ids never collide.</summary>
    private static string CustomerId(Rng rng, int row) =>
        string.Create(CultureInfo.InvariantCulture, $"{rng.NextUInt32():X8}{rng.NextUInt32():X8}{rng.NextUInt32():X8}{row:X8}");
}
