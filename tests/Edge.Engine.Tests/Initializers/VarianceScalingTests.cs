using Edge.Engine.Initializers;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Initializers;

/// <summary>Bounds and variances from Keras's VarianceScaling definitions (fan_in, fan_out as for a (in, out) kernel).</summary>
public class VarianceScalingTests
{
    private const int FanIn = 200;
    private const int FanOut = 100;

    private static Tensor Filled(string name)
    {
        var w = new Tensor(FanIn, FanOut);
        Initializer.Get(name).Fill(w, FanIn, FanOut, new Rng(42));
        return w;
    }

    private static (double Mean, double Variance, double MaxAbs) Moments(Tensor t)
    {
        var values = t.ReadOnlySpan.ToArray().Select(v => (double)v).ToArray();
        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Average();
        return (mean, variance, values.Max(Math.Abs));
    }

    [Theory]
    [InlineData("glorot_uniform", 2.0 / (FanIn + FanOut))]  // limit² / 3 with limit = √(6 / (in + out))
    [InlineData("glorot_normal", 2.0 / (FanIn + FanOut))]
    [InlineData("he_uniform", 2.0 / FanIn)]                 // limit² / 3 with limit = √(6 / in)
    [InlineData("he_normal", 2.0 / FanIn)]
    public void Variance_matches_the_keras_definition(string name, double expectedVariance)
    {
        var (mean, variance, _) = Moments(Filled(name));
        Assert.InRange(mean, -0.01 * Math.Sqrt(expectedVariance) * 10, 0.01 * Math.Sqrt(expectedVariance) * 10);
        Assert.InRange(variance / expectedVariance, 0.95, 1.05);
    }

    [Fact]
    public void Glorot_uniform_stays_inside_its_limit()
    {
        var limit = Math.Sqrt(6.0 / (FanIn + FanOut));
        var (_, _, maxAbs) = Moments(Filled("glorot_uniform"));
        Assert.True(maxAbs <= limit, $"max |w| {maxAbs} exceeds the Glorot limit {limit}");
        Assert.True(maxAbs > 0.98 * limit, "the draws should reach close to the limit");
    }

    [Fact]
    public void He_normal_is_truncated_at_two_standard_deviations()
    {
        var sigma = Math.Sqrt(2.0 / FanIn) / 0.87962566103423978;
        var (_, _, maxAbs) = Moments(Filled("he_normal"));
        Assert.True(maxAbs <= 2 * sigma + 1e-6, $"max |w| {maxAbs} exceeds 2σ = {2 * sigma}");
    }

    [Fact]
    public void Zeros_and_ones_fill_constants()
    {
        Assert.All(Filled("zeros").ReadOnlySpan.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(Filled("ones").ReadOnlySpan.ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Same_seed_gives_identical_weights()
    {
        Assert.Equal(Filled("glorot_uniform").ReadOnlySpan.ToArray(), Filled("glorot_uniform").ReadOnlySpan.ToArray());
    }

    [Fact]
    public void Unknown_name_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Initializer.Get("lecun_weird"));
        Assert.Contains("glorot_uniform", ex.Message, StringComparison.Ordinal);
    }
}
