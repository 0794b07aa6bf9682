using Edge.Engine.Layers;

namespace Edge.Engine.Optimizers;

/// <summary>
/// A Keras optimizer: <see cref="Apply"/> updates every trainable parameter from its gradient with the same step
/// number, then advances <see cref="Iterations"/>. Per-parameter state (momentums, velocities) is allocated on the
/// first call for that parameter list and reused afterwards, so steady-state steps do not allocate.
/// </summary>
public abstract class Optimizer
{
    private IReadOnlyList<Parameter>? _parameters;

    protected Optimizer(float learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(learningRate);
        LearningRate = learningRate;
    }

    /// <summary>Keras's name, e.g. "adam".</summary>
    public abstract string KerasName { get; }

    public float LearningRate { get; set; }

    /// <summary>Completed update steps (Keras's optimizer.iterations).</summary>
    public long Iterations { get; private set; }

    public void Apply(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!ReferenceEquals(parameters, _parameters))
        {
            if (_parameters is not null && !_parameters.SequenceEqual(parameters))
            {
                throw new InvalidOperationException($"Optimizer '{KerasName}' is already bound to another model's parameters; use a new optimizer.");
            }

            _parameters = parameters;
            CreateState(parameters);
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (p.Trainable)
            {
                UpdateStep(i, p.Value.Span, p.Gradient.ReadOnlySpan);
            }
        }

        Iterations++;
    }

    /// <summary>Allocates state for each parameter (index-aligned with the list).</summary>
    protected abstract void CreateState(IReadOnlyList<Parameter> parameters);

    /// <summary>Updates one variable in place; <see cref="Iterations"/> is the number of steps already taken.</summary>
    protected abstract void UpdateStep(int index, Span<float> variable, ReadOnlySpan<float> gradient);

    /// <summary>The optimizer for a Keras name with Keras's defaults, as compile(optimizer="adam") accepts.</summary>
    public static Optimizer Get(string kerasName) => kerasName.ToLowerInvariant() switch
    {
        "adam" => new Adam(),
        "sgd" => new Sgd(),
        _ => throw new ArgumentException($"Unknown optimizer '{kerasName}'. Known: adam, sgd.", nameof(kerasName)),
    };
}
