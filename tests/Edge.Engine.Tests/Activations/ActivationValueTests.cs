using Edge.Engine.Activations;

namespace Edge.Engine.Tests.Activations;

/// <summary>Forward values against the defining formulas evaluated in double.</summary>
public class ActivationValueTests
{
    private static readonly float[] Inputs = [-20f, -3f, -1f, -0.5f, 0f, 0.25f, 1f, 2f, 3f, 20f, -0.01f, 0.01f, 5f, -5f, 0.7f, -0.7f, 1.5f];

    private static float[] Apply(string name)
    {
        var y = new float[Inputs.Length];
        Activation.Get(name).Forward(Inputs, y, Inputs.Length);
        return y;
    }

    private static void AssertClose(Func<double, double> formula, float[] actual)
    {
        for (var i = 0; i < Inputs.Length; i++)
        {
            var expected = formula(Inputs[i]);
            Assert.True(Math.Abs(expected - actual[i]) <= 1e-6 + (1e-6 * Math.Abs(expected)), $"x = {Inputs[i]}: expected {expected}, got {actual[i]}");
        }
    }

    [Fact]
    public void Sigmoid_is_the_logistic_function() => AssertClose(x => 1.0 / (1.0 + Math.Exp(-x)), Apply("sigmoid"));

    [Fact]
    public void Tanh_is_hyperbolic_tangent() => AssertClose(Math.Tanh, Apply("tanh"));

    [Fact]
    public void Relu_clamps_negatives_to_zero() => AssertClose(x => Math.Max(x, 0), Apply("relu"));

    [Fact]
    public void Linear_is_identity() => AssertClose(x => x, Apply("linear"));

    [Fact]
    public void Elu_uses_alpha_one() => AssertClose(x => x > 0 ? x : Math.Exp(x) - 1, Apply("elu"));

    [Fact]
    public void Leaky_relu_uses_keras_3_activation_slope_of_0_2() => AssertClose(x => x > 0 ? x : 0.2 * x, Apply("leaky_relu"));

    [Fact]
    public void Softmax_normalises_each_row_and_survives_large_logits()
    {
        float[] x = [1f, 2f, 3f, 1000f, 1001f, 1002f];
        var y = new float[6];
        Activation.Softmax.Forward(x, y, 3);
        var e = new[] { Math.Exp(-2), Math.Exp(-1), 1.0 };
        var sum = e.Sum();
        for (var row = 0; row < 2; row++)
        {
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(e[j] / sum, y[(row * 3) + j], 6);
            }
        }
    }

    [Fact]
    public void Unknown_name_is_rejected_with_the_known_names()
    {
        var ex = Assert.Throws<ArgumentException>(() => Activation.Get("swish2"));
        Assert.Contains("swish2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("leaky_relu", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_name_means_linear() => Assert.Same(Activation.Linear, Activation.Get(null));
}
