using Edge.Engine.Tensors;

namespace Edge.Engine.Initializers;

/// <summary>Which fan Keras's VarianceScaling divides the scale by.</summary>
public enum FanMode
{
    FanIn,
    FanOut,
    FanAverage,
}

/// <summary>
/// Keras's VarianceScaling: n is fan_in, fan_out or their mean; "uniform" draws from [−√(3·scale/n), √(3·scale/n)];
/// "truncated_normal" draws N(0, σ²) re-drawn outside ±2σ with σ = √(scale/n) / 0.87962566103423978 (the standard
/// deviation of a unit normal truncated at ±2, so the result has variance scale/n).
/// </summary>
public class VarianceScaling(string kerasName, double scale, FanMode mode, bool uniform) : IInitializer
{
    private const double TruncatedNormalStddev = 0.87962566103423978;

    public string KerasName { get; } = kerasName;

    public double Scale { get; } = scale;

    public FanMode Mode { get; } = mode;

    public bool Uniform { get; } = uniform;

    public void Fill(Tensor weights, int fanIn, int fanOut, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(rng);
        double n = Mode switch
        {
            FanMode.FanIn => fanIn,
            FanMode.FanOut => fanOut,
            _ => (fanIn + fanOut) / 2.0,
        };
        n = Math.Max(1.0, n);
        var span = weights.Span;
        if (Uniform)
        {
            var limit = (float)Math.Sqrt(3.0 * Scale / n);
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = rng.Uniform(-limit, limit);
            }

            return;
        }

        var stddev = Math.Sqrt(Scale / n) / TruncatedNormalStddev;
        for (var i = 0; i < span.Length; i++)
        {
            double z;
            do
            {
                z = rng.NextGaussian();
            }
            while (Math.Abs(z) > 2.0);

            span[i] = (float)(z * stddev);
        }
    }
}

/// <summary>Keras's default kernel initializer: uniform in ±√(6 / (fan_in + fan_out)) (Glorot and Bengio, 2010).</summary>
public sealed class GlorotUniform() : VarianceScaling("glorot_uniform", 1.0, FanMode.FanAverage, uniform: true);

/// <summary>Truncated normal with variance 2 / (fan_in + fan_out).</summary>
public sealed class GlorotNormal() : VarianceScaling("glorot_normal", 1.0, FanMode.FanAverage, uniform: false);

/// <summary>Truncated normal with variance 2 / fan_in (He et al., 2015).</summary>
public sealed class HeNormal() : VarianceScaling("he_normal", 2.0, FanMode.FanIn, uniform: false);

/// <summary>Uniform in ±√(6 / fan_in) (He et al., 2015).</summary>
public sealed class HeUniform() : VarianceScaling("he_uniform", 2.0, FanMode.FanIn, uniform: true);
