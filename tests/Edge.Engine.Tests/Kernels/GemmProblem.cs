using Edge.Engine.Kernels;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Kernels;

/// <summary>
/// One random GEMM problem stored as sub-matrices of wider buffers: every element outside op(A), op(B) and C (the
/// stride padding) is NaN, so a kernel that reads past its operands produces NaN, and one that writes past C is
/// caught by comparing the padding afterwards.
/// </summary>
internal sealed class GemmProblem
{
    public GemmProblem(bool transposeA, bool transposeB, int m, int n, int k, float alpha, float beta,
        int padA = 0, int padB = 0, int padC = 0, ulong seed = 1, bool nanInC = false)
    {
        (TransposeA, TransposeB, M, N, K, Alpha, Beta) = (transposeA, transposeB, m, n, k, alpha, beta);
        var rng = new Rng(seed);
        (A, Lda) = Operand(rng, transposeA ? k : m, transposeA ? m : k, padA);
        (B, Ldb) = Operand(rng, transposeB ? n : k, transposeB ? k : n, padB);
        (C, Ldc) = Operand(rng, m, n, padC);
        if (nanInC)
        {
            for (var i = 0; i < m; i++)
            {
                C.AsSpan(i * Ldc, n).Fill(float.NaN);
            }
        }
    }

    public bool TransposeA { get; }

    public bool TransposeB { get; }

    public int M { get; }

    public int N { get; }

    public int K { get; }

    public float Alpha { get; }

    public float Beta { get; }

    public float[] A { get; }

    public float[] B { get; }

    /// <summary>The initial C, never modified; runs work on copies.</summary>
    public float[] C { get; }

    public int Lda { get; }

    public int Ldb { get; }

    public int Ldc { get; }

    public float OpA(int i, int p) => TransposeA ? A[(p * Lda) + i] : A[(i * Lda) + p];

    public float OpB(int p, int j) => TransposeB ? B[(j * Ldb) + p] : B[(p * Ldb) + j];

    public float[] RunFast(SgemmRoute route, MicroKernel kernel, int threads)
    {
        var c = (float[])C.Clone();
        Sgemm.Multiply(route, kernel, threads, TransposeA, TransposeB, M, N, K, Alpha, A, Lda, B, Ldb, Beta, c, Ldc);
        return c;
    }

    public float[] RunPublic()
    {
        var c = (float[])C.Clone();
        Sgemm.Multiply(TransposeA, TransposeB, M, N, K, Alpha, A, Lda, B, Ldb, Beta, c, Ldc);
        return c;
    }

    public float[] RunReference()
    {
        var c = (float[])C.Clone();
        if (Beta == 0)
        {
            // BLAS ignores C when beta == 0; the reference multiplies by beta, so hand it zeros instead of NaN.
            for (var i = 0; i < M; i++)
            {
                c.AsSpan(i * Ldc, N).Clear();
            }
        }

        ReferenceSgemm.Multiply(TransposeA, TransposeB, M, N, K, Alpha, A, Lda, B, Ldb, Beta, c, Ldc);
        return c;
    }

    /// <summary>
    /// Asserts <paramref name="actual"/> matches the double-precision reference within float32 accumulation error:
    /// |error| &lt;= (k + 2) * 2^-23 * (|alpha| * sum_p |a_ip||b_pj| + |beta||c_ij|), and the padding of C is untouched.
    /// </summary>
    public void AssertMatchesReference(float[] actual, string what)
    {
        var expected = RunReference();
        var tolerance = (K + 2) * Math.ScaleB(1.0, -23);
        for (var i = 0; i < M; i++)
        {
            for (var j = 0; j < N; j++)
            {
                double magnitude = 0;
                for (var p = 0; p < K; p++)
                {
                    magnitude += Math.Abs((double)OpA(i, p) * OpB(p, j));
                }

                var c0 = Beta == 0 ? 0 : C[(i * Ldc) + j];
                var bound = (tolerance * ((Math.Abs(Alpha) * magnitude) + Math.Abs(Beta * c0))) + 1e-30;
                var got = actual[(i * Ldc) + j];
                var want = expected[(i * Ldc) + j];
                if (!(Math.Abs(got - want) <= bound))
                {
                    Assert.Fail($"{what}: C[{i},{j}] = {got}, reference {want}, allowed error {bound:g3} ({this}).");
                }
            }
        }

        for (var x = 0; x < C.Length; x++)
        {
            var inside = x / Ldc < M && x % Ldc < N;
            if (!inside && BitConverter.SingleToInt32Bits(actual[x]) != BitConverter.SingleToInt32Bits(C[x]))
            {
                Assert.Fail($"{what}: wrote outside C at flat index {x} ({this}).");
            }
        }
    }

    public override string ToString() =>
        $"{(TransposeA ? 'T' : 'N')}{(TransposeB ? 'T' : 'N')} m={M} n={N} k={K} alpha={Alpha} beta={Beta} lda={Lda} ldb={Ldb} ldc={Ldc}";

    private static (float[] Data, int Stride) Operand(Rng rng, int rows, int cols, int pad)
    {
        var stride = cols + pad;
        var data = new float[Math.Max(1, rows * stride)];
        data.AsSpan().Fill(float.NaN);
        for (var r = 0; r < rows; r++)
        {
            for (var col = 0; col < cols; col++)
            {
                data[(r * stride) + col] = rng.Uniform(-1f, 1f);
            }
        }

        return (data, Math.Max(1, stride));
    }
}
