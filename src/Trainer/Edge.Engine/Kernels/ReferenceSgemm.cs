namespace Edge.Engine.Kernels;

/// <summary>The obvious triple loop, accumulating in double: the oracle that tests hold the fast kernel to.</summary>
public static class ReferenceSgemm
{
    public static void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var p = 0; p < k; p++)
                {
                    var av = transposeA ? a[(p * lda) + i] : a[(i * lda) + p];
                    var bv = transposeB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += (double)av * bv;
                }

                ref var cij = ref c[(i * ldc) + j];
                cij = beta == 0 ? (float)(alpha * sum) : (float)((alpha * sum) + (beta * cij));
            }
        }
    }
}
