using Edge.Engine.Layers.Core;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Convolution;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Core;

public class DropoutTests
{
    [Fact]
    public void Inference_is_the_identity()
    {
        var layer = new Dropout(0.5);
        layer.Build(new Shape(8), new Rng(1));
        var x = SampleTensors.Uniform(2, 3, 8);
        Assert.Equal(x.Span.ToArray(), layer.Forward(x, training: false).Span.ToArray());
        var dy = SampleTensors.Uniform(3, 3, 8);
        Assert.Equal(dy.Span.ToArray(), layer.Backward(dy).Span.ToArray());
    }

    [Fact]
    public void Training_drops_about_rate_and_scales_the_rest_by_one_over_keep()
    {
        const double Rate = 0.3;
        var layer = new Dropout(Rate);
        layer.Build(new Shape(10_000), new Rng(7));
        var x = new Tensor(1, 10_000);
        x.Span.Fill(2f);
        var y = layer.Forward(x, training: true).Span.ToArray();
        var dropped = y.Count(v => v == 0f);
        // Binomial(10000, 0.3): standard deviation about 46, so +-3% is more than six of them.
        Assert.InRange(dropped, 2_700, 3_300);
        Assert.All(y.Where(v => v != 0f), v => Assert.Equal(2f / 0.7f, v, 5));
    }

    [Fact]
    public void Same_seed_gives_the_same_masks_and_each_step_a_new_one()
    {
        var a = new Dropout(0.5);
        var b = new Dropout(0.5);
        a.Build(new Shape(50), new Rng(9));
        b.Build(new Shape(50), new Rng(9));
        var x = SampleTensors.Uniform(1, 2, 50);
        var first = a.Forward(x, true).Span.ToArray();
        Assert.Equal(first, b.Forward(x, true).Span.ToArray());
        // A new mask on every training step.
        Assert.NotEqual(first, a.Forward(x, true).Span.ToArray());
    }

    [Fact]
    public void Training_gradients_with_a_fixed_mask_match_finite_differences()
    {
        var layer = new Dropout(0.4) { HoldMask = true };
        layer.Build(new Shape(4, 5), new Rng(3));
        var x = SampleTensors.Uniform(4, 3, 4, 5);
        var y = layer.Forward(x, training: true);
        Assert.Contains(0f, y.Span.ToArray());
        GradientCheck.AssertGradientsMatch(layer, x, training: true);
    }

    [Fact]
    public void Rejects_a_rate_outside_zero_to_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(-0.1));
    }
}
