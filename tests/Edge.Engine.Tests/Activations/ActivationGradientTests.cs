using Edge.Engine.Activations;
using Edge.Engine.Layers.Core;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Activations;

public class ActivationGradientTests
{
    /// <summary>Inputs spread over (−3, 3) but kept at least 0.05 from 0, where relu-like activations have a kink.</summary>
    private static Tensor AwayFromKink(int rows, int columns, ulong seed)
    {
        var rng = new Rng(seed);
        var t = new Tensor(rows, columns);
        for (var i = 0; i < t.Length; i++)
        {
            var v = rng.Uniform(0.05f, 3f);
            t[i] = rng.NextInt(2) == 0 ? v : -v;
        }

        return t;
    }

    public static TheoryData<string> Names => new(Activation.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Backward_matches_finite_differences(string name)
    {
        // 37 columns: more than one vector width plus a scalar tail on every machine (Vector<float> is 4, 8 or 16 lanes).
        var layer = new ActivationLayer(name);
        layer.Build(new Shape(37), new Rng(1));
        GradientCheck.AssertGradientsMatch(layer, AwayFromKink(3, 37, 7));
    }

    [Fact]
    public void Leaky_relu_with_another_slope_matches_finite_differences()
    {
        var layer = new ActivationLayer(new LeakyRelu(0.3f));
        layer.Build(new Shape(19), new Rng(1));
        GradientCheck.AssertGradientsMatch(layer, AwayFromKink(2, 19, 3));
    }

    [Fact]
    public void Elu_with_alpha_two_matches_finite_differences()
    {
        var layer = new ActivationLayer(new Elu(2f));
        layer.Build(new Shape(19), new Rng(1));
        GradientCheck.AssertGradientsMatch(layer, AwayFromKink(2, 19, 4));
    }

    [Fact]
    public void Backward_may_run_in_place()
    {
        var x = AwayFromKink(1, 21, 5).Span.ToArray();
        foreach (var name in Activation.Names)
        {
            var activation = Activation.Get(name);
            var y = new float[x.Length];
            activation.Forward(x, y, x.Length);
            var dy = Enumerable.Range(0, x.Length).Select(i => 0.1f * (i - 10)).ToArray();
            var separate = new float[x.Length];
            activation.Backward(x, y, dy, separate, x.Length);
            activation.Backward(x, y, dy, dy, x.Length);
            Assert.Equal(separate, dy);
        }
    }
}
