using System.Numerics;

namespace Edge.ModelContract.Features;

/// <summary>
/// A scaling of the kwh channel as <see cref="KwhChannel"/>'s loop applies it, to a vector of days and to one day with
/// the same result. A struct type argument, so the JIT compiles the loop once per scaling with the call inlined.
/// </summary>
internal interface ILaneScaling
{
    Vector<float> Apply(Vector<float> x);

    float Apply(float x);
}

/// <summary>Values kept as cleaned (<see cref="Scaling.None"/>).</summary>
internal readonly struct NoScaling : ILaneScaling
{
    public Vector<float> Apply(Vector<float> x) => x;

    public float Apply(float x) => x;
}
