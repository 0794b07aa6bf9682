using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Edge.Engine.Kernels;

/// <summary>
/// a * b + c, fused (one rounding) where the hardware has an FMA instruction and as a separate multiply and add where it
/// has not: software-emulated FMA would be correct but many times slower than the multiply and add it replaces.
/// </summary>
internal static class FusedArithmetic
{
    public static readonly bool HasFma = Fma.IsSupported || AdvSimd.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MulAdd(float a, float b, float c) => HasFma ? MathF.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> MulAdd(Vector<float> a, Vector<float> b, Vector<float> c) =>
        HasFma ? Vector.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        HasFma ? Vector512.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    /// <summary>
    /// The GEMM update of one element of C from the finished product t = alpha * (A B)[i, j]: beta == 0 overwrites
    /// (C's old value, even NaN, is ignored, as BLAS specifies), beta == 1 accumulates, otherwise beta * C + t.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Update(float c, float t, float beta) => beta == 0 ? t : beta == 1 ? c + t : MulAdd(beta, c, t);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Update(float* c, Vector<float> t, float beta)
    {
        if (beta == 0)
        {
            Vector.Store(t, c);
        }
        else if (beta == 1)
        {
            Vector.Store(Vector.Load(c) + t, c);
        }
        else
        {
            Vector.Store(MulAdd(new Vector<float>(beta), Vector.Load(c), t), c);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Update(float* c, Vector512<float> t, float beta)
    {
        if (beta == 0)
        {
            Vector512.Store(t, c);
        }
        else if (beta == 1)
        {
            Vector512.Store(Vector512.Load(c) + t, c);
        }
        else
        {
            Vector512.Store(MulAdd(Vector512.Create(beta), Vector512.Load(c), t), c);
        }
    }
}
