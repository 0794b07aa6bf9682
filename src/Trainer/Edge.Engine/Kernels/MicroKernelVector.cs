using System.Numerics;

namespace Edge.Engine.Kernels;

/// <summary>
/// The 6 x (2 Vector&lt;float&gt;) register tile: per step of k, 2 loads of packed B, 6 broadcasts of packed A and 12
/// FMAs into accumulators that stay in registers for the whole panel (Goto and van de Geijn, "Anatomy of
/// High-Performance Matrix Multiplication", ACM TOMS 34(3), 2008, section 4). Unrolled by hand: the JIT keeps named
/// locals in registers, not arrays of vectors.
/// </summary>
internal static unsafe class MicroKernelVector
{
    public const int Mr = 6;
    public static int Nr => 2 * Vector<float>.Count;

    public static void Compute(int kc, float* pa, float* pb, nint bStep, float* c, nint ldc, float alpha, float beta)
    {
        var w = Vector<float>.Count;
        var c00 = Vector<float>.Zero;
        var c01 = Vector<float>.Zero;
        var c10 = Vector<float>.Zero;
        var c11 = Vector<float>.Zero;
        var c20 = Vector<float>.Zero;
        var c21 = Vector<float>.Zero;
        var c30 = Vector<float>.Zero;
        var c31 = Vector<float>.Zero;
        var c40 = Vector<float>.Zero;
        var c41 = Vector<float>.Zero;
        var c50 = Vector<float>.Zero;
        var c51 = Vector<float>.Zero;

        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector.Load(pb);
            var b1 = Vector.Load(pb + w);
            var a0 = new Vector<float>(pa[0]);
            c00 = FusedArithmetic.MulAdd(a0, b0, c00);
            c01 = FusedArithmetic.MulAdd(a0, b1, c01);
            var a1 = new Vector<float>(pa[1]);
            c10 = FusedArithmetic.MulAdd(a1, b0, c10);
            c11 = FusedArithmetic.MulAdd(a1, b1, c11);
            var a2 = new Vector<float>(pa[2]);
            c20 = FusedArithmetic.MulAdd(a2, b0, c20);
            c21 = FusedArithmetic.MulAdd(a2, b1, c21);
            var a3 = new Vector<float>(pa[3]);
            c30 = FusedArithmetic.MulAdd(a3, b0, c30);
            c31 = FusedArithmetic.MulAdd(a3, b1, c31);
            var a4 = new Vector<float>(pa[4]);
            c40 = FusedArithmetic.MulAdd(a4, b0, c40);
            c41 = FusedArithmetic.MulAdd(a4, b1, c41);
            var a5 = new Vector<float>(pa[5]);
            c50 = FusedArithmetic.MulAdd(a5, b0, c50);
            c51 = FusedArithmetic.MulAdd(a5, b1, c51);
            pa += Mr;
            pb += bStep;
        }

        var va = new Vector<float>(alpha);
        FusedArithmetic.Update(c, c00 * va, beta);
        FusedArithmetic.Update(c + w, c01 * va, beta);
        FusedArithmetic.Update(c + ldc, c10 * va, beta);
        FusedArithmetic.Update(c + w + ldc, c11 * va, beta);
        FusedArithmetic.Update(c + (2 * ldc), c20 * va, beta);
        FusedArithmetic.Update(c + w + (2 * ldc), c21 * va, beta);
        FusedArithmetic.Update(c + (3 * ldc), c30 * va, beta);
        FusedArithmetic.Update(c + w + (3 * ldc), c31 * va, beta);
        FusedArithmetic.Update(c + (4 * ldc), c40 * va, beta);
        FusedArithmetic.Update(c + w + (4 * ldc), c41 * va, beta);
        FusedArithmetic.Update(c + (5 * ldc), c50 * va, beta);
        FusedArithmetic.Update(c + w + (5 * ldc), c51 * va, beta);
    }
}
