using System.Numerics;
using System.Runtime.InteropServices;

namespace Edge.Engine.Activations;

/// <summary>An elementwise formula at two widths: a whole vector of lanes and one scalar (for the tail).</summary>
internal interface IUnaryOp
{
    Vector<float> Apply(Vector<float> a);

    float Apply(float a);
}

/// <inheritdoc cref="IUnaryOp"/>
internal interface IBinaryOp
{
    Vector<float> Apply(Vector<float> a, Vector<float> b);

    float Apply(float a, float b);
}

/// <inheritdoc cref="IUnaryOp"/>
internal interface ITernaryOp
{
    Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> c);

    float Apply(float a, float b, float c);
}

/// <summary>
/// Elementwise loops over <see cref="Vector{T}"/> lanes with a scalar tail. The formula is a struct so the JIT
/// specialises and inlines it (no delegate call, no closure allocation). Outputs may alias inputs element for element.
/// </summary>
internal static class Elementwise
{
    public static void Map<TOp>(TOp op, ReadOnlySpan<float> a, Span<float> result)
        where TOp : struct, IUnaryOp
    {
        CheckLengths(a.Length, a.Length, a.Length, result.Length);
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vr = MemoryMarshal.Cast<float, Vector<float>>(result);
        for (var i = 0; i < va.Length; i++)
        {
            vr[i] = op.Apply(va[i]);
        }

        for (var i = va.Length * Vector<float>.Count; i < a.Length; i++)
        {
            result[i] = op.Apply(a[i]);
        }
    }

    public static void Map<TOp>(TOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> result)
        where TOp : struct, IBinaryOp
    {
        CheckLengths(a.Length, b.Length, b.Length, result.Length);
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        var vr = MemoryMarshal.Cast<float, Vector<float>>(result);
        for (var i = 0; i < va.Length; i++)
        {
            vr[i] = op.Apply(va[i], vb[i]);
        }

        for (var i = va.Length * Vector<float>.Count; i < a.Length; i++)
        {
            result[i] = op.Apply(a[i], b[i]);
        }
    }

    public static void Map<TOp>(TOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> result)
        where TOp : struct, ITernaryOp
    {
        CheckLengths(a.Length, b.Length, c.Length, result.Length);
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        var vc = MemoryMarshal.Cast<float, Vector<float>>(c);
        var vr = MemoryMarshal.Cast<float, Vector<float>>(result);
        for (var i = 0; i < va.Length; i++)
        {
            vr[i] = op.Apply(va[i], vb[i], vc[i]);
        }

        for (var i = va.Length * Vector<float>.Count; i < a.Length; i++)
        {
            result[i] = op.Apply(a[i], b[i], c[i]);
        }
    }

    private static void CheckLengths(int a, int b, int c, int result)
    {
        if (a != b || a != c || a != result)
        {
            throw new ArgumentException($"Elementwise spans differ in length: {a}, {b}, {c} and {result}.");
        }
    }
}
