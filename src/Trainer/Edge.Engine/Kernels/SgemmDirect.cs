using System.Numerics;

namespace Edge.Engine.Kernels;

/// <summary>
/// GEMM without packing, for products too small for packing to pay off and for matrix-vector shapes (m == 1 or
/// n == 1), where a packed kernel would pad the single row or column out to a whole tile. Two forms:
/// rows of C as sums of rows of op(B) (when op(B)'s rows are contiguous), or elements of C as dot products (when its
/// columns are). Single-threaded: these shapes are memory-bound or too small to share.
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
            for (var j = 0; j < n; j++)
            {
                var colB = transposeB ? b + (j * ldb) : column;
                ref var cij = ref c[(i * ldc) + j];
                cij = FusedArithmetic.Update(cij, alpha * Dot(rowA, colB, k), beta);
            }
        }
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
