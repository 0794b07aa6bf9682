using System.Security.Cryptography;
using Edge.ModelContract.Features;

namespace Edge.Gateway.SelfTest;

/// <summary>
/// The feature code on this processor. Seeded windows with the awkward days real meters send (missing runs, isolated
/// gaps, zeros, negative and infinite readings, outliers) go through <see cref="FeaturePipeline.Transform"/> for a few
/// specs. With all five channels the other four are checked day by day against their definitions (from the raw window
/// and the kwh channel); every spec's features are also hashed (SHA-256, signed zeros folded), and the hash is on the
/// check's line, so that <c>--compare-with</c> proves two processors compute the same floats: a model trained on x64
/// must see on the Pi's NEON exactly the features it was trained on.
/// </summary>
public static class FeatureSelfTest
{
    private const int Windows = 60;
    private const int Seed = 20261124;

    private static readonly (string Name, FeatureSpec Spec)[] Specs =
    [
        ("gateway", new FeatureSpec { WindowDays = 1034, Channels = FeatureChannelSet.All }),
        ("kwh-56", new FeatureSpec { WindowDays = 56 }),
        ("seed-all", FeatureSpec.Seed(400) with { Channels = FeatureChannelSet.All }),
        ("global-all", new FeatureSpec
        {
            WindowDays = 370, Scaling = Scaling.GlobalMinMax, GlobalMin = 0f, GlobalMax = 40f, Channels = FeatureChannelSet.All,
        }),
    ];

    /// <summary>Checks <see cref="Run(SelfTestReport)"/> adds: one per spec.</summary>
    public static int Checks => Specs.Length;

    public static void Run(SelfTestReport report) => Run(report, FeaturePipeline.Transform);

    /// <summary>With the feature code passed in, so that a test can break it.</summary>
    internal static void Run(SelfTestReport report, TransformFeatures transform)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(transform);
        foreach (var (name, spec) in Specs)
        {
            var random = new Random(Seed);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var wrong = 0;
            var firstWrong = "";
            var values = 0L;
            for (var w = 0; w < Windows; w++)
            {
                var raw = Window(random, spec.WindowDays);
                var features = new float[spec.FeatureLength];
                transform(spec, raw, features);
                var (differ, where) = spec.Channels == FeatureChannelSet.All ? AgainstDefinitions(spec, raw, features, transform) : (0, "");
                wrong += differ;
                firstWrong = firstWrong.Length == 0 && differ > 0 ? $"window {w}: {where}" : firstWrong;
                wrong += features.Count(v => !float.IsFinite(v));
                values += features.Length;
                foreach (var v in features)
                {
                    hash.AppendData(BitConverter.GetBytes(v == 0f ? 0f : v)); // -0 and 0 may come out of different instructions
                }
            }

            var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            report.Check("features", $"spec={name} windows={Windows} values={values} sha256={sha[..16]}", passed: wrong == 0);
            if (wrong > 0)
            {
                report.Comment($"features {name}: {wrong} values differ from the channel definitions or are not finite; first: {firstWrong}");
            }
        }
    }

    internal delegate void TransformFeatures(FeatureSpec spec, ReadOnlySpan<float> dailyKwh, Span<float> features);

    /// <summary>A window a bit longer or shorter than the spec's, so that both the lead-in and the cut are exercised.</summary>
    private static float[] Window(Random random, int windowDays)
    {
        var raw = new float[random.Next(windowDays - 20, windowDays + 20)];
        for (var d = 0; d < raw.Length; d++)
        {
            raw[d] = random.Next(40) switch
            {
                0 or 1 => float.NaN,
                2 => 0f,
                3 => -1f,
                4 => float.PositiveInfinity,
                5 => -0f,
                6 => (float)(random.NextDouble() * 1e4),
                _ => (float)(random.NextDouble() * 30),
            };
        }

        if (raw.Length > 30)
        {
            raw.AsSpan(random.Next(raw.Length - 10), 7).Fill(float.NaN); // an outage
        }

        return raw;
    }

    /// <summary>
    /// Missing-day, zero-reading, year-over-year and day-change from their definitions (docs/data.md), with the kwh
    /// channel of the same spec computed alone; returns how many values differ and where the first one is.
    /// </summary>
    private static (int Differ, string Where) AgainstDefinitions(FeatureSpec spec, float[] raw, float[] features, TransformFeatures transform)
    {
        const int channels = 5;
        var kwh = new float[spec.FeatureDays];
        transform(spec with { Channels = FeatureChannels.Kwh }, raw, kwh);
        var recent = raw.Length <= spec.WindowDays ? raw : raw[^spec.WindowDays..];
        var lead = spec.WindowDays - recent.Length;
        float RawDay(int d) => d >= lead && d < lead + recent.Length ? recent[d - lead] : float.NaN;
        bool Present(int d) => !SeriesCleaning.IsMissing(spec.Cleaning, RawDay(d));
        const int lag = FeatureChannelSet.YearLagDays;
        var differ = 0;
        var where = "";
        for (var d = 0; d < spec.FeatureDays; d++)
        {
            ReadOnlySpan<float> expected =
            [
                kwh[d],
                Present(d) ? 0f : 1f,
                RawDay(d) == 0f ? 1f : 0f,
                d >= lag && Present(d) && Present(d - lag) ? kwh[d] - kwh[d - lag] : 0f,
                d >= 1 && Present(d) && Present(d - 1) ? Math.Abs(kwh[d] - kwh[d - 1]) : 0f,
            ];
            for (var c = 0; c < channels; c++)
            {
                if (!(expected[c] == features[(d * channels) + c]))
                {
                    differ++;
                    where = where.Length == 0 ? $"day {d} channel {c}: {features[(d * channels) + c]} instead of {expected[c]}" : where;
                }
            }
        }

        return (differ, where);
    }
}
