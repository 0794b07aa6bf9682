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
}
