using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Testing;

/// <summary>
/// The memory task: sequences of <c>steps</c> values drawn uniformly from [0, 1); the label is 1 when the first value
/// is larger than the last. Solving it needs memory of step 0 until the final step, so an LSTM reading the sequence
/// gets near 100%, while a model that sees only the current (last) step can at best guess from x_last: predicting
/// "first is larger" when x_last &lt; 0.5 is right with probability max(x_last, 1 − x_last), 75% on average.
/// </summary>
public static class MemoryTask
{
    /// <summary>X has shape (count, steps, 1); Y has shape (count, 1) with 0/1 labels.</summary>
    public static (Tensor X, Tensor Y) Generate(int count, int steps = 30, ulong seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        var rng = new Rng(seed);
        var x = new Tensor(count, steps, 1);
        var y = new Tensor(count, 1);
        for (var i = 0; i < count; i++)
        {
            for (var t = 0; t < steps; t++)
            {
                x[(i * steps) + t] = rng.NextSingle();
            }

            y[i] = x[i * steps] > x[(i * steps) + steps - 1] ? 1f : 0f;
        }

        return (x, y);
    }

    /// <summary>Only the last step of each sequence, shape (count, 1): what a memoryless model gets to see.</summary>
    public static Tensor LastStep(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var count = x.Shape[0];
        var steps = x.Shape[1];
        var last = new Tensor(count, 1);
        for (var i = 0; i < count; i++)
        {
            last[i] = x[(i * steps) + steps - 1];
        }

        return last;
    }
}
