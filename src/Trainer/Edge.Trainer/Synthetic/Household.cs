using Edge.Engine.Tensors;

namespace Edge.Trainer.Synthetic;

/// <summary>
/// One household's consumption habits, drawn once. The median daily use of SGCC customers is about 4.6 kWh; a
/// log-normal scale around 4.5 kWh with sigma 0.7 spreads households from under 1 to over 20 kWh a day.
/// </summary>
internal sealed record Household(
    double Scale,
    double Heating,
    double Cooling,
    double Weekend,
    double Holiday,
    double ArCoefficient,
    double NoiseSigma,
    double SpikeRate)
{
    public static Household Draw(Rng rng) => new(
        Scale: 4.5 * Math.Exp(0.7 * rng.NextGaussian()),
        Heating: rng.Uniform(0f, 0.8f),
        Cooling: rng.Uniform(0f, 1.2f),
        Weekend: Math.Clamp(1.08 + (0.08 * rng.NextGaussian()), 0.8, 1.4),
        Holiday: rng.Uniform(0.5f, 1.5f),
        ArCoefficient: rng.Uniform(0.5f, 0.9f),
        NoiseSigma: rng.Uniform(0.08f, 0.3f),
        SpikeRate: rng.Uniform(0f, 0.004f));
}
