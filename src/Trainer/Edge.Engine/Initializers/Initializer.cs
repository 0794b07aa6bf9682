using Edge.Engine.Tensors;

namespace Edge.Engine.Initializers;

/// <summary>
/// Fills a weight tensor. fanIn and fanOut follow Keras's _compute_fans: for a dense kernel (in, out) they are in and
/// out; for a Conv1D kernel (kernel_size, in, out) they are kernel_size*in and kernel_size*out.
/// </summary>
public interface IInitializer
{
    string KerasName { get; }

    void Fill(Tensor weights, int fanIn, int fanOut, Rng rng);
}
