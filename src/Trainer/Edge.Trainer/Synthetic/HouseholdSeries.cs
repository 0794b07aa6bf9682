using Edge.Engine.Tensors;

namespace Edge.Trainer.Synthetic;

/// <summary>
/// A household's true daily kWh: scale x season x weekday/weekend x holiday x exp(AR(1) noise), with rare spikes and,
/// for some homes, a vacancy of 30-150 days at near zero (SGCC has long zero runs for honest customers too).
/// </summary>
internal static class HouseholdSeries
{
    private const double VacancyProbability = 0.2;

    public static void Generate(Household home, Calendar calendar, Rng rng, Span<float> kwh)
    {
        var days = calendar.Days;
        var noise = home.NoiseSigma / Math.Sqrt(1 - (home.ArCoefficient * home.ArCoefficient)) * rng.NextGaussian();
        for (var t = 0; t < days; t++)
        {
            noise = (home.ArCoefficient * noise) + (home.NoiseSigma * rng.NextGaussian());
            var level = home.Scale * (1 + (home.Heating * calendar.Heating[t]) + (home.Cooling * calendar.Cooling[t]));
            if (calendar.IsHoliday[t])
            {
                level *= home.Holiday;
            }
            else if (calendar.IsWeekend[t])
            {
                level *= home.Weekend;
            }

            if (rng.NextDouble() < home.SpikeRate)
            {
                level *= rng.Uniform(2f, 6f);
            }

            kwh[t] = (float)(level * Math.Exp(noise));
        }

        if (rng.NextDouble() < VacancyProbability && days > 30)
        {
            var length = Math.Min(days, 30 + rng.NextInt(121));
            var start = rng.NextInt(days - length + 1);
            foreach (ref var x in kwh.Slice(start, length))
            {
                // Standby load of an empty home, mostly read as 0.
                x = rng.NextDouble() < 0.8 ? 0f : rng.Uniform(0f, 0.3f);
            }
        }
    }
}
