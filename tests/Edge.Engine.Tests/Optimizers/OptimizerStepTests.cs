using Edge.Engine.Layers;
using Edge.Engine.Optimizers;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Optimizers;

/// <summary>Steps on a tiny parameter vector against the Keras update formulas written out here in double.</summary>
public class OptimizerStepTests
{
    private static readonly float[] Start = [0.5f, -1.0f, 2.0f, 0.0f, -0.25f, 3f, 1f, -2f, 0.75f, 0.1f, -0.1f];
    private static readonly float[][] Gradients =
    [
        [0.1f, -0.2f, 0.3f, 0.0f, 1.5f, -0.05f, 2f, -3f, 0.01f, 0.2f, -0.7f],
        [-0.3f, 0.1f, 0.2f, 0.4f, -1.0f, 0.05f, -2f, 1f, 0.02f, 0.3f, 0.6f],
        [0.05f, 0.05f, -0.1f, -0.4f, 0.5f, 0.5f, 1f, 0.5f, -0.03f, -0.2f, 0.1f],
    ];

    private static Parameter Run(Optimizer optimizer)
    {
        var p = new Parameter("w", new Shape(Start.Length));
        Start.CopyTo(p.Value.Span);
        var list = new[] { p };
        foreach (var g in Gradients)
        {
            g.CopyTo(p.Gradient.Span);
            optimizer.Apply(list);
        }

        Assert.Equal(Gradients.Length, optimizer.Iterations);
        return p;
    }

    private static void AssertClose(double[] expected, Parameter p)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - p.Value[i]) <= 1e-6 * Math.Max(1, Math.Abs(expected[i])),
                $"w[{i}]: expected {expected[i]}, got {p.Value[i]}");
        }
    }

    [Fact]
    public void Adam_follows_the_keras_update_with_bias_correction_folded_into_the_step_size()
    {
        const double lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        var w = Start.Select(v => (double)v).ToArray();
        var m = new double[w.Length];
        var v2 = new double[w.Length];
        for (var t = 1; t <= Gradients.Length; t++)
        {
            var alpha = lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t));
            for (var i = 0; i < w.Length; i++)
            {
                double g = Gradients[t - 1][i];
                m[i] += (g - m[i]) * (1 - b1);
                v2[i] += ((g * g) - v2[i]) * (1 - b2);
                w[i] -= m[i] * alpha / (Math.Sqrt(v2[i]) + eps);
            }
        }

        AssertClose(w, Run(new Adam()));
    }

    [Fact]
    public void Adam_first_step_moves_each_weight_by_about_the_learning_rate()
    {
        // t = 1: m = 0.1 g, v = 0.001 g², α = lr·√0.001 / 0.1, so Δw = −lr·g/|g| (up to ε) for g ≠ 0.
        var p = new Parameter("w", new Shape(2));
        p.Gradient[0] = 0.3f;
        p.Gradient[1] = -4f;
        new Adam().Apply([p]);
        Assert.Equal(-1e-3, p.Value[0], 6);
        Assert.Equal(1e-3, p.Value[1], 6);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sgd_with_momentum_follows_the_keras_update(bool nesterov)
    {
        const double lr = 0.05, mu = 0.9;
        var w = Start.Select(v => (double)v).ToArray();
        var m = new double[w.Length];
        foreach (var grad in Gradients)
        {
            for (var i = 0; i < w.Length; i++)
            {
                double g = grad[i];
                m[i] = (mu * m[i]) - (lr * g);
                w[i] += nesterov ? (mu * m[i]) - (lr * g) : m[i];
            }
        }

        AssertClose(w, Run(new Sgd(0.05f, 0.9f, nesterov)));
    }

    [Fact]
    public void Plain_sgd_subtracts_learning_rate_times_gradient()
    {
        var w = Start.Select(v => (double)v).ToArray();
        foreach (var grad in Gradients)
        {
            for (var i = 0; i < w.Length; i++)
            {
                w[i] -= 0.01 * grad[i];
            }
        }

        AssertClose(w, Run(new Sgd()));
    }

    [Fact]
    public void Non_trainable_parameters_are_left_alone()
    {
        var frozen = new Parameter("moving_mean", new Shape(2), trainable: false);
        frozen.Gradient[0] = 1f;
        new Adam().Apply([frozen]);
        Assert.Equal(0f, frozen.Value[0]);
    }

    [Fact]
    public void Keras_defaults()
    {
        var adam = (Adam)Optimizer.Get("adam");
        Assert.Equal(1e-3f, adam.LearningRate);
        Assert.Equal(0.9, adam.Beta1);
        Assert.Equal(0.999, adam.Beta2);
        Assert.Equal(1e-7, adam.Epsilon);
        Assert.Equal(0.01f, ((Sgd)Optimizer.Get("sgd")).LearningRate);
    }
}
