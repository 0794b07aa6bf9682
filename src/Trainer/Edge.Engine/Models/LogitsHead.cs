using Edge.Engine.Activations;
using Edge.Engine.Layers.Core;
using Edge.Engine.Losses;

namespace Edge.Engine.Models;

/// <summary>
/// Keras's TensorFlow backend notices when a crossentropy on probabilities is applied to the output of a sigmoid or
/// softmax and computes it from the logits instead (the activation leaves them on its output as _keras_logits). We do
/// the same for a final Dense with that activation: the loss and its gradient come from the stable logits form, and
/// backpropagation starts at the Dense's pre-activation. A saturated sigmoid (exactly 1.0f in float32) then still gets
/// a gradient, where the clipped probability form would give none.
/// </summary>
internal sealed class LogitsHead(Dense layer, Loss logitsLoss)
{
    public Dense Layer { get; } = layer;

    public Loss Loss { get; } = logitsLoss;

    public static LogitsHead? For(Sequential model, Loss loss) =>
        model.Layers.Count == 0 || model.Layers[^1] is not Dense dense ? null
        : (dense.Activation, loss) switch
        {
            (Sigmoid, BinaryCrossentropy { FromLogits: false }) => new LogitsHead(dense, new BinaryCrossentropy(fromLogits: true)),
            (Softmax, CategoricalCrossentropy { FromLogits: false }) => new LogitsHead(dense, new CategoricalCrossentropy(fromLogits: true)),
            _ => null,
        };
}
