using Edge.Engine.Losses;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Losses;

/// <summary>Each loss's analytic gradient against central differences of its own value (in double via the loss).</summary>
public class LossGradientTests
{
    public static TheoryData<string> Cases => new()
    {
        "mse", "bce", "bce_logits", "cce", "cce_logits",
    };

    private static (Loss Loss, Tensor Predictions, Tensor Targets) Make(string name, int[] dims, ulong seed)
    {
        var rng = new Rng(seed);
        var p = new Tensor(dims);
        var t = new Tensor(dims);
        var rowLength = dims[^1];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = name switch
            {
                "bce" or "cce" => rng.Uniform(0.1f, 0.9f),
                _ => rng.Uniform(-2f, 2f),
            };
            t[i] = name.StartsWith("cce", StringComparison.Ordinal) ? 0f : rng.NextInt(2);
        }

        if (name.StartsWith("cce", StringComparison.Ordinal))
        {
            for (var r = 0; r < p.Length / rowLength; r++)
            {
                t[(r * rowLength) + rng.NextInt(rowLength)] = 1f;
            }
        }

        Loss loss = name switch
        {
            "mse" => new MeanSquaredError(),
            "bce" => new BinaryCrossentropy(),
            "bce_logits" => new BinaryCrossentropy(fromLogits: true),
            "cce" => new CategoricalCrossentropy(),
            _ => new CategoricalCrossentropy(fromLogits: true),
        };
        return (loss, p, t);
    }

    private static void AssertMatches(Loss loss, Tensor p, Tensor t, float[] weights)
    {
        var gradient = new Tensor(p.Shape);
        loss.Compute(p, t, weights, gradient);
        const float step = 1e-3f;
        for (var i = 0; i < p.Length; i++)
        {
            var original = p[i];
            p[i] = original + step;
            var plus = loss.Compute(p, t, weights);
            p[i] = original - step;
            var minus = loss.Compute(p, t, weights);
            p[i] = original;
            var numeric = (plus - minus) / ((double)(original + step) - (original - step));
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-4 + (2e-3 * Math.Abs(numeric)),
                $"{loss.KerasName} d/dp[{i}]: analytic {gradient[i]}, numeric {numeric}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_matches_finite_differences(string name)
    {
        var (loss, p, t) = Make(name, [4, 3], 11);
        AssertMatches(loss, p, t, []);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_matches_finite_differences_with_sample_weights_on_sequences(string name)
    {
        var (loss, p, t) = Make(name, [3, 2, 4], 12);
        AssertMatches(loss, p, t, [0.5f, 2f, 1.25f]);
    }

    [Fact]
    public void Categorical_gradient_includes_the_row_rescaling_for_unnormalised_rows()
    {
        var loss = new CategoricalCrossentropy();
        var p = Tensor.FromArray([0.2f, 0.5f, 0.6f], 1, 3); // sums to 1.3
        var t = Tensor.FromArray([0f, 1f, 0f], 1, 3);
        AssertMatches(loss, p, t, []);
    }
}
