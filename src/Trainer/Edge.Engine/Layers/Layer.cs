using Edge.Engine.Tensors;

namespace Edge.Engine.Layers;

/// <summary>
/// A layer with Keras semantics. Shapes passed to <see cref="Build"/> exclude the batch dimension; tensors passed to
/// <see cref="Forward"/> and <see cref="Backward"/> include it as their first dimension.
/// Contract:
/// - <see cref="Forward"/> may keep what <see cref="Backward"/> needs (inputs, activations). The returned tensor is
///   owned by the layer and valid until the next Forward call; layers reuse buffers so the hot loop does not allocate.
/// - <see cref="Backward"/> receives dLoss/dOutput for the most recent Forward, overwrites every parameter's
///   <see cref="Parameter.Gradient"/> (summed over the batch), and returns dLoss/dInput (also layer-owned).
/// </summary>
public abstract class Layer
{
    private static int s_counter;

    protected Layer(string? name)
    {
        Name = name ?? $"{KerasTypeName.ToLowerInvariant()}_{Interlocked.Increment(ref s_counter)}";
    }

    /// <summary>Layer name as shown in the summary.</summary>
    public string Name { get; set; }

    /// <summary>Keras class name, e.g. "Dense", "LSTM", "Conv1D".</summary>
    public abstract string KerasTypeName { get; }

    public bool IsBuilt { get; private set; }

    public Shape InputShape { get; private set; }

    public Shape OutputShape { get; private set; }

    /// <summary>Trainable (and non-trainable) weights in Keras's order, e.g. kernel, recurrent_kernel, bias.</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    public long ParameterCount => Parameters.Sum(p => (long)p.Value.Length);

    /// <summary>Creates the weights for this input shape (batch excluded) and initialises them from <paramref name="rng"/>.</summary>
    public void Build(Shape inputShape, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        OutputShape = BuildCore(inputShape, rng);
        InputShape = inputShape;
        IsBuilt = true;
    }

    /// <summary>Creates and initialises weights; returns the output shape (batch excluded). Throw with a clear message on a bad shape.</summary>
    protected abstract Shape BuildCore(Shape inputShape, Rng rng);

    public abstract Tensor Forward(Tensor input, bool training);

    public abstract Tensor Backward(Tensor outputGradient);

    /// <summary>Configuration as Keras would show it (units, activation, padding ...), used by summaries and checkpoints.</summary>
    public virtual IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>();

    /// <summary>Multiply-accumulate operations for one sample's forward pass (for ROC-AUC per kFLOP comparisons).</summary>
    public virtual long ForwardMacsPerSample => 0;

    protected void EnsureBuilt()
    {
        if (!IsBuilt)
        {
            throw new InvalidOperationException($"Layer '{Name}' ({KerasTypeName}) has not been built; add it to a model and build or compile the model first.");
        }
    }

    public override string ToString() => $"{Name} ({KerasTypeName})";
}
