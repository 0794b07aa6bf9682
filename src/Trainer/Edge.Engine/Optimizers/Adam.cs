using System.Numerics;
using System.Runtime.InteropServices;
using Edge.Engine.Layers;

namespace Edge.Engine.Optimizers;

/// <summary>
/// Keras 3's Adam (Kingma and Ba, 2014) with Keras's defaults (lr 1e-3, β1 0.9, β2 0.999, ε 1e-7) and its exact update
/// (keras/src/optimizers/adam.py), in float32: with t = iterations + 1,
/// α = lr·√(1 − β2^t) / (1 − β1^t); m ← m + (g − m)(1 − β1); v ← v + (g² − v)(1 − β2); w ← w − m·α / (√v + ε).
/// Note ε is added to √v without bias correction ("epsilon hat" in the paper). The β's are doubles, as Python floats
/// are in Keras, so 1 − β is formed in double and then rounded (1 − 0.9 → 0.1f, where 1f − 0.9f would give 0.100000024f);
/// the powers β^t are taken in float32 from float32 β, as Keras casts β to the variable's dtype first.
/// </summary>
public sealed class Adam(float learningRate = 1e-3f, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
    : Optimizer(learningRate)
{
    private float[][] _momentums = [];
    private float[][] _velocities = [];

    public double Beta1 { get; } = beta1;

    public double Beta2 { get; } = beta2;

    public double Epsilon { get; } = epsilon;

    public override string KerasName => "adam";

    protected override void CreateState(IReadOnlyList<Parameter> parameters)
    {
        _momentums = parameters.Select(p => new float[p.Value.Length]).ToArray();
        _velocities = parameters.Select(p => new float[p.Value.Length]).ToArray();
    }

    protected override void UpdateStep(int index, Span<float> variable, ReadOnlySpan<float> gradient)
    {
        float step = Iterations + 1;
        var alpha = LearningRate * MathF.Sqrt(1f - MathF.Pow((float)Beta2, step)) / (1f - MathF.Pow((float)Beta1, step));
        var m = _momentums[index].AsSpan();
        var v = _velocities[index].AsSpan();
        float oneMinusBeta1 = (float)(1 - Beta1), oneMinusBeta2 = (float)(1 - Beta2), epsilon = (float)Epsilon;

        var vm = MemoryMarshal.Cast<float, Vector<float>>(m);
        var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
        var vw = MemoryMarshal.Cast<float, Vector<float>>(variable);
        var vg = MemoryMarshal.Cast<float, Vector<float>>(gradient);
        var a = new Vector<float>(alpha);
        var e = new Vector<float>(epsilon);
        for (var i = 0; i < vw.Length; i++)
        {
            var g = vg[i];
            vm[i] += (g - vm[i]) * oneMinusBeta1;
            vv[i] += ((g * g) - vv[i]) * oneMinusBeta2;
            vw[i] -= vm[i] * a / (Vector.SquareRoot(vv[i]) + e);
        }

        for (var i = vw.Length * Vector<float>.Count; i < variable.Length; i++)
        {
            var g = gradient[i];
            m[i] += (g - m[i]) * oneMinusBeta1;
            v[i] += ((g * g) - v[i]) * oneMinusBeta2;
            variable[i] -= m[i] * alpha / (MathF.Sqrt(v[i]) + epsilon);
        }
    }
}
