using CsCheck;
using Edge.ModelContract.Features;

namespace Edge.ModelContract.Tests.Features;

public class MinMaxScalingTests
{
    [Fact]
    public void Per_customer_scaling_maps_own_min_to_zero_and_own_max_to_one()
    {
        // min 2, max 6: (4 - 2) / 4 = 0.5.
        float[] series = [2, 4, 6];
        MinMaxScaling.ApplyPerCustomer(series);
        Assert.Equal([0f, 0.5f, 1f], series);
    }

    [Fact]
    public void A_constant_window_scales_to_zero()
    {
        float[] series = [5, 5, 5];
        MinMaxScaling.ApplyPerCustomer(series);
        Assert.Equal([0f, 0f, 0f], series);
    }

    [Fact]
    public void Fitted_range_clamps_values_outside_it()
    {
        // Range [0, 10]: -5 -> 0 (clamped), 5 -> 0.5, 20 -> 1 (clamped).
        float[] series = [-5, 5, 20];
        MinMaxScaling.Apply(series, 0, 10);
        Assert.Equal([0f, 0.5f, 1f], series);
    }

    [Fact]
    public void Extreme_range_does_not_overflow()
    {
        float[] series = [-float.MaxValue, 0, float.MaxValue];
        MinMaxScaling.ApplyPerCustomer(series);
        Assert.Equal([0f, 0.5f, 1f], series);
    }

    [Fact]
    public void Scaled_values_are_the_float_of_the_division_or_its_neighbour()
    {
        // The kernel multiplies by 1 / range; dividing in double and rounding to float is the definition. Two double
        // roundings move the quotient by less than 2^-51 relative, so at most to the adjacent float.
        Gen.Select(Gen.Float[-1e6f, 1e6f].Array[1, 40], Gen.Float[-1e6f, 1e6f], Gen.Float[1e-3f, 1e7f]).Sample((series, min, width) =>
        {
            var max = min + width;
            var scaled = (float[])series.Clone();
            MinMaxScaling.Apply(scaled, min, max);
            for (var i = 0; i < series.Length; i++)
            {
                var divided = (float)Math.Clamp((series[i] - (double)min) / ((double)max - min), 0.0, 1.0);
                Assert.True(
                    scaled[i] == divided || scaled[i] == MathF.BitIncrement(divided) || scaled[i] == MathF.BitDecrement(divided),
                    $"{series[i]:R} scaled to {scaled[i]:R}, division gives {divided:R}");
            }
        });
    }
}
