namespace Edge.Engine.Kernels;

/// <summary>
/// Single-precision general matrix multiply on row-major data:
/// C = alpha * op(A) * op(B) + beta * C, where op(X) is X or its transpose.
/// op(A) is m x k, op(B) is k x n, C is m x n. lda, ldb and ldc are the row strides of A, B and C as stored.
/// With beta == 0, C is overwritten and its previous contents (even NaN) are ignored, as in BLAS; with alpha == 0 or
/// k == 0, A and B are not read and C becomes beta * C.
/// Uses up to <see cref="ComputeSettings.ThreadCount"/> threads; the result is bitwise the same for any thread count.
/// After the first calls on a thread (which size its packing buffers) a call allocates nothing.
/// </summary>
public static class Sgemm
{
    /// <summary>Products with at most this many multiply-adds skip packing (16 x 16 x 16).</summary>
    internal const long DirectMacs = 4096;

    /// <summary>With B transposed and A not, products this narrow run as dot products of contiguous rows.</summary>
    internal const int DirectMaxColumnsOfTransposedB = 8;

    public static void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc) =>
        Multiply(SgemmRoute.Auto, MicroKernel.Best, ComputeSettings.ThreadCount,
            transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>The same product with the route, register kernel and thread count chosen by the caller (tests, benchmarks).</summary>
    internal static unsafe void Multiply(
        SgemmRoute route, MicroKernel kernel, int threads,
        bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (m == 0 || n == 0)
        {
            return;
        }

        CheckOperand("C", c.Length, m, n, ldc, false, nameof(ldc));
        var readsAB = k > 0 && alpha != 0;
        if (readsAB)
        {
            CheckOperand("A", a.Length, m, k, lda, transposeA, nameof(lda));
            CheckOperand("B", b.Length, k, n, ldb, transposeB, nameof(ldb));
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            if (!readsAB)
            {
                ScaleOnly(m, n, beta, pc, ldc);
            }
            else if (route == SgemmRoute.Direct
                || (route == SgemmRoute.Auto && (m == 1 || n == 1 || (long)m * n * k <= DirectMacs
                    || (transposeB && !transposeA && n <= DirectMaxColumnsOfTransposedB))))
            {
                SgemmDirect.Multiply(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            }
            else
            {
                SgemmBlocked.Multiply(kernel, threads, transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            }
        }
    }

    /// <summary>Checks that an operand op(X) of rows x cols fits its buffer with row stride ld.</summary>
    private static void CheckOperand(string name, int length, int rows, int cols, int ld, bool transposed, string ldName)
    {
        // Stored as rows x cols, or as cols x rows when transposed.
        var (storedRows, storedCols) = transposed ? (cols, rows) : (rows, cols);
        if (ld < Math.Max(1, storedCols))
        {
            throw new ArgumentOutOfRangeException(ldName, ld,
                $"Sgemm: row stride {ldName} = {ld} is smaller than the {storedCols} columns of {name} as stored ({storedRows} x {storedCols}{(transposed ? ", transposed" : "")}).");
        }

        var needed = ((long)(storedRows - 1) * ld) + storedCols;
        if (length < needed)
        {
            throw new ArgumentException(
                $"Sgemm: {name} ({storedRows} x {storedCols}{(transposed ? ", transposed" : "")}, row stride {ld}) needs {needed} elements but its span has {length}.",
                name.ToLowerInvariant());
        }
    }

    private static unsafe void ScaleOnly(int m, int n, float beta, float* c, nint ldc)
    {
        for (var i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (i * ldc), n);
            if (beta == 0)
            {
                row.Clear();
            }
            else if (beta != 1)
            {
                foreach (ref var x in row)
                {
                    x *= beta;
                }
            }
        }
    }
}

/// <summary>Which implementation runs a product: chosen from the shape, or forced (tests compare both).</summary>
internal enum SgemmRoute
{
    Auto,
    Direct,
    Blocked,
}
