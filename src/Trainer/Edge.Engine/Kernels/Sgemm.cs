namespace Edge.Engine.Kernels;

/// <summary>
/// Single-precision general matrix multiply on row-major data:
/// C = alpha * op(A) * op(B) + beta * C, where op(X) is X or its transpose.
/// op(A) is m x k, op(B) is k x n, C is m x n. lda, ldb and ldc are the row strides of A, B and C as stored.
/// With beta == 0, C is overwritten and its previous contents (even NaN) are ignored, as in BLAS.
/// </summary>
public static class Sgemm
{
    public static void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        // Placeholder body until the blocked kernel lands: the reference implementation.
        ReferenceSgemm.Multiply(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
}
