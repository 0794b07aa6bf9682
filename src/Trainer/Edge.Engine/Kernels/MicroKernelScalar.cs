namespace Edge.Engine.Kernels;

/// <summary>The 4 x 4 tile in plain scalar code, for machines where the JIT accelerates no vector type.</summary>
internal static unsafe class MicroKernelScalar
{
    public const int Mr = 4;
    public const int Nr = 4;

    public static void Compute(int kc, float* pa, float* pb, nint bStep, float* c, nint ldc, float alpha, float beta)
    {
        var acc = stackalloc float[Mr * Nr];
        new Span<float>(acc, Mr * Nr).Clear();
        for (var p = 0; p < kc; p++)
        {
            for (var r = 0; r < Mr; r++)
            {
                var a = pa[r];
                for (var j = 0; j < Nr; j++)
                {
                    acc[(r * Nr) + j] = FusedArithmetic.MulAdd(a, pb[j], acc[(r * Nr) + j]);
                }
            }

            pa += Mr;
            pb += bStep;
        }

        for (var r = 0; r < Mr; r++)
        {
            for (var j = 0; j < Nr; j++)
            {
                ref var cij = ref c[(r * ldc) + j];
                cij = FusedArithmetic.Update(cij, alpha * acc[(r * Nr) + j], beta);
            }
        }
    }
}
