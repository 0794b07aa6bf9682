using Edge.Engine.Layers;

namespace Edge.Engine.Optimizers;

/// <summary>
/// Keras's SGD (defaults: learning_rate 0.01, momentum 0, nesterov false). Keras 3 update, per element:
/// without momentum w ← w − lr·g; with momentum m ← momentum·m − lr·g, then w ← w + m, or with Nesterov
/// w ← w + momentum·m − lr·g (using the new m).
/// </summary>
public sealed class Sgd : Optimizer
{
    private float[][] _momentums = [];

    public Sgd(float learningRate = 0.01f, float momentum = 0f, bool nesterov = false) : base(learningRate)
    {
        if (momentum is < 0f or > 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "SGD momentum must be in [0, 1].");
        }

        Momentum = momentum;
        Nesterov = nesterov;
    }

    public float Momentum { get; }

    public bool Nesterov { get; }

    public override string KerasName => "SGD";

    protected override void CreateState(IReadOnlyList<Parameter> parameters) =>
        _momentums = Momentum == 0f ? [] : parameters.Select(p => new float[p.Value.Length]).ToArray();

    protected override void UpdateStep(int index, Span<float> variable, ReadOnlySpan<float> gradient)
    {
        var lr = LearningRate;
        if (Momentum == 0f)
        {
            for (var i = 0; i < variable.Length; i++)
            {
                variable[i] -= lr * gradient[i];
            }

            return;
        }

        var m = _momentums[index];
        var mu = Momentum;
        for (var i = 0; i < variable.Length; i++)
        {
            var g = gradient[i];
            m[i] = (mu * m[i]) - (lr * g);
            variable[i] += Nesterov ? (mu * m[i]) - (lr * g) : m[i];
        }
    }
}
