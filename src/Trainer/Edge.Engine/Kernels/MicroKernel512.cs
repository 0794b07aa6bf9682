using System.Runtime.Intrinsics;

namespace Edge.Engine.Kernels;

/// <summary>
/// The 8 x 32 (2 Vector512) register tile: per step of k, 2 loads of packed B, 8 broadcasts of packed A and 16 FMAs
/// into accumulators that stay in registers for the whole panel (Goto and van de Geijn, "Anatomy of High-Performance
/// Matrix Multiplication", ACM TOMS 34(3), 2008, section 4). Unrolled by hand: the JIT keeps named locals in registers,
/// not arrays of vectors.
/// </summary>
internal static unsafe class MicroKernel512
{
    public const int Mr = 8;
    public const int Nr = 32;

    public static void Compute(int kc, float* pa, float* pb, nint bStep, float* c, nint ldc, float alpha, float beta)
    {
        var w = Vector512<float>.Count;
        var c00 = Vector512<float>.Zero;
        var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero;
        var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero;
        var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero;
        var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero;
        var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero;
        var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero;
        var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero;
        var c71 = Vector512<float>.Zero;

        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(pb);
            var b1 = Vector512.Load(pb + w);
            var a0 = Vector512.Create(pa[0]);
            c00 = FusedArithmetic.MulAdd(a0, b0, c00);
            c01 = FusedArithmetic.MulAdd(a0, b1, c01);
            var a1 = Vector512.Create(pa[1]);
            c10 = FusedArithmetic.MulAdd(a1, b0, c10);
            c11 = FusedArithmetic.MulAdd(a1, b1, c11);
            var a2 = Vector512.Create(pa[2]);
            c20 = FusedArithmetic.MulAdd(a2, b0, c20);
            c21 = FusedArithmetic.MulAdd(a2, b1, c21);
            var a3 = Vector512.Create(pa[3]);
            c30 = FusedArithmetic.MulAdd(a3, b0, c30);
            c31 = FusedArithmetic.MulAdd(a3, b1, c31);
            var a4 = Vector512.Create(pa[4]);
            c40 = FusedArithmetic.MulAdd(a4, b0, c40);
            c41 = FusedArithmetic.MulAdd(a4, b1, c41);
            var a5 = Vector512.Create(pa[5]);
            c50 = FusedArithmetic.MulAdd(a5, b0, c50);
            c51 = FusedArithmetic.MulAdd(a5, b1, c51);
            var a6 = Vector512.Create(pa[6]);
            c60 = FusedArithmetic.MulAdd(a6, b0, c60);
            c61 = FusedArithmetic.MulAdd(a6, b1, c61);
            var a7 = Vector512.Create(pa[7]);
            c70 = FusedArithmetic.MulAdd(a7, b0, c70);
            c71 = FusedArithmetic.MulAdd(a7, b1, c71);
            pa += Mr;
            pb += bStep;
        }

        var va = Vector512.Create(alpha);
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
        FusedArithmetic.Update(c + (6 * ldc), c60 * va, beta);
        FusedArithmetic.Update(c + w + (6 * ldc), c61 * va, beta);
        FusedArithmetic.Update(c + (7 * ldc), c70 * va, beta);
        FusedArithmetic.Update(c + w + (7 * ldc), c71 * va, beta);
    }
}
