using System.Numerics;

namespace Edge.Engine.Kernels;

/// <summary>
/// GEMM without packing, for products too small for packing to pay off and for matrix-vector shapes (m == 1 or
/// n == 1), where a packed kernel would pad the single row or column out to a whole tile. Two forms:
/// rows of C as sums of rows of op(B) (when op(B)'s rows are contiguous), or elements of C as dot products (when its
/// columns are). Single-threaded: these shapes are memory-bound or too small to share. Also used for products with a
/// handful of columns of a transposed B (n &lt;= 8, e.g. the input gradient of a 7-feature LSTM), where a 16-wide tile
/// would be mostly padding.
/// </summary>
internal static unsafe class SgemmDirect
{
    public static void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
    {
        if (transposeB || n == 1)
        {
            DotForm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
        else
        {
            RowForm(transposeA, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
    }

    /// <summary>C[i, :] = alpha * sum_p op(A)[i, p] * B[p, :] + beta * C[i, :], with B's rows contiguous (not transposed).</summary>
    private static void RowForm(
        bool transposeA, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
    {
        var sum = PackBuffer.ForRow(n);
        var row = new Span<float>(sum, n);
        for (var i = 0; i < m; i++)
        {
            row.Clear();
            for (var p = 0; p < k; p++)
            {
                var aip = transposeA ? a[(p * lda) + i] : a[(i * lda) + p];
                AddScaled(sum, aip, b + (p * ldb), n);
            }

            StoreScaled(c + (i * ldc), sum, n, alpha, beta);
        }
    }

    /// <summary>C[i, j] = alpha * dot(op(A)[i, :], op(B)[:, j]) + beta * C[i, j], gathering strided vectors once.</summary>
    private static void DotForm(
        bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
    {
        // op(B)[:, j] is contiguous when B is transposed; otherwise n == 1 and the single column is gathered once.
        var column = transposeB ? null : Gather(PackBuffer.ForB(k), b, ldb, k);
        var gatheredRow = transposeA ? PackBuffer.ForA(k) : null;
        for (var i = 0; i < m; i++)
        {
            var rowA = transposeA ? Gather(gatheredRow, a + i, lda, k) : a + (i * lda);
            var rowC = c + (i * ldc);
            var j = 0;
            if (transposeB && Vector.IsHardwareAccelerated)
            {
                // Four columns at once share each load of A's row and give four independent FMA chains.
                for (; j + 4 <= n; j += 4)
                {
                    Dot4(rowA, b + (j * ldb), ldb, k, rowC + j, alpha, beta);
                }
            }

            for (; j < n; j++)
            {
                var colB = transposeB ? b + (j * ldb) : column;
                rowC[j] = FusedArithmetic.Update(rowC[j], alpha * Dot(rowA, colB, k), beta);
            }
        }
    }

    /// <summary>c[q] = Update(c[q], alpha * dot(x, y + q*ldy), beta) for q = 0..3, each with one vector accumulator.</summary>
    private static void Dot4(float* x, float* y, nint ldy, int k, float* c, float alpha, float beta)
    {
        var w = Vector<float>.Count;
        var s0 = Vector<float>.Zero;
        var s1 = Vector<float>.Zero;
        var s2 = Vector<float>.Zero;
        var s3 = Vector<float>.Zero;
        var p = 0;
        for (; p <= k - w; p += w)
        {
            var xv = Vector.Load(x + p);
            s0 = FusedArithmetic.MulAdd(xv, Vector.Load(y + p), s0);
            s1 = FusedArithmetic.MulAdd(xv, Vector.Load(y + ldy + p), s1);
            s2 = FusedArithmetic.MulAdd(xv, Vector.Load(y + (2 * ldy) + p), s2);
            s3 = FusedArithmetic.MulAdd(xv, Vector.Load(y + (3 * ldy) + p), s3);
        }

        c[0] = FusedArithmetic.Update(c[0], alpha * DotTail(x, y, p, k, Vector.Sum(s0)), beta);
        c[1] = FusedArithmetic.Update(c[1], alpha * DotTail(x, y + ldy, p, k, Vector.Sum(s1)), beta);
        c[2] = FusedArithmetic.Update(c[2], alpha * DotTail(x, y + (2 * ldy), p, k, Vector.Sum(s2)), beta);
        c[3] = FusedArithmetic.Update(c[3], alpha * DotTail(x, y + (3 * ldy), p, k, Vector.Sum(s3)), beta);
    }

    private static float DotTail(float* x, float* y, int p, int k, float total)
    {
        for (; p < k; p++)
        {
            total = FusedArithmetic.MulAdd(x[p], y[p], total);
        }

        return total;
    }

    private static float* Gather(float* dst, float* src, nint stride, int count)
    {
        for (var p = 0; p < count; p++)
        {
            dst[p] = src[p * stride];
        }

        return dst;
    }

    private static void AddScaled(float* sum, float scale, float* x, int n)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<float>(scale);
            for (; j <= n - Vector<float>.Count; j += Vector<float>.Count)
            {
                Vector.Store(FusedArithmetic.MulAdd(s, Vector.Load(x + j), Vector.Load(sum + j)), sum + j);
            }
        }

        for (; j < n; j++)
        {
            sum[j] = FusedArithmetic.MulAdd(scale, x[j], sum[j]);
        }
    }

    private static float Dot(float* x, float* y, int k)
    {
        var p = 0;
        var total = 0f;
        if (Vector.IsHardwareAccelerated && k >= 2 * Vector<float>.Count)
        {
            // Two accumulators hide the FMA latency; the order of additions is fixed by k alone.
            var s0 = Vector<float>.Zero;
            var s1 = Vector<float>.Zero;
            var w = Vector<float>.Count;
            for (; p <= k - (2 * w); p += 2 * w)
            {
                s0 = FusedArithmetic.MulAdd(Vector.Load(x + p), Vector.Load(y + p), s0);
                s1 = FusedArithmetic.MulAdd(Vector.Load(x + p + w), Vector.Load(y + p + w), s1);
            }

            total = Vector.Sum(s0 + s1);
        }

        for (; p < k; p++)
        {
            total = FusedArithmetic.MulAdd(x[p], y[p], total);
        }

        return total;
    }

    private static void StoreScaled(float* c, float* sum, int n, float alpha, float beta)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<float>(alpha);
            for (; j <= n - Vector<float>.Count; j += Vector<float>.Count)
            {
                FusedArithmetic.Update(c + j, Vector.Load(sum + j) * va, beta);
            }
        }

        for (; j < n; j++)
        {
            c[j] = FusedArithmetic.Update(c[j], alpha * sum[j], beta);
        }
    }
}
