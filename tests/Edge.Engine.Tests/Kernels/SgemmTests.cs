using CsCheck;
using Edge.Engine.Kernels;

namespace Edge.Engine.Tests.Kernels;

public class SgemmTests
{
    /// <summary>Every register kernel, including those this machine only emulates (Vector512 still computes correctly).</summary>
    public static TheoryData<string> Kernels => new() { "best", "vector", "vector512", "scalar" };

    private static MicroKernel KernelNamed(string name) => name switch
    {
        "vector" => MicroKernel.VectorKernel,
        "vector512" => MicroKernel.Vector512Kernel,
        "scalar" => MicroKernel.ScalarKernel,
        _ => MicroKernel.Best,
    };

    /// <summary>
    /// Shapes around the tile sizes (4, 6, 8 rows; 4, 16, 32 columns), the Mc = 120 row block, the Kc = 256 step
    /// block (257 and 513 force two and three k blocks), the Nc = 2048 column block, and sizes of one.
    /// </summary>
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 1, 37, 19 }, { 37, 1, 19 }, { 2, 3, 1 }, { 5, 7, 3 }, { 6, 16, 1 }, { 7, 17, 9 },
        { 8, 32, 4 }, { 9, 33, 257 }, { 13, 15, 513 }, { 121, 19, 11 }, { 130, 33, 40 }, { 3, 2050, 2 },
    };

    [Fact]
    public void Multiply_matches_hand_computed_product()
    {
        // A = [1 2 3; 4 5 6], B = [7 8; 9 10; 11 12], C = [1 1; 1 1], alpha = 2, beta = -1:
        // A*B = [1*7+2*9+3*11, 1*8+2*10+3*12; 4*7+5*9+6*11, 4*8+5*10+6*12] = [58 64; 139 154];
        // 2*A*B - C = [115 127; 277 307].
        float[] a = [1, 2, 3, 4, 5, 6];
        float[] b = [7, 8, 9, 10, 11, 12];
        float[] c = [1, 1, 1, 1];
        Sgemm.Multiply(false, false, 2, 2, 3, 2f, a, 3, b, 2, -1f, c, 2);
        Assert.Equal([115f, 127f, 277f, 307f], c);

        // Same product from stored transposes: At = [1 4; 2 5; 3 6], Bt = [7 9 11; 8 10 12], beta = 0 over NaN.
        float[] at = [1, 4, 2, 5, 3, 6];
        float[] bt = [7, 9, 11, 8, 10, 12];
        float[] c2 = [float.NaN, float.NaN, float.NaN, float.NaN];
        Sgemm.Multiply(true, true, 2, 2, 3, 1f, at, 2, bt, 3, 0f, c2, 2);
        Assert.Equal([58f, 64f, 139f, 154f], c2);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Blocked_route_matches_reference_for_all_transposes_kernels_and_strides(int m, int n, int k)
    {
        foreach (var (ta, tb) in Transposes)
        {
            var problem = new GemmProblem(ta, tb, m, n, k, alpha: 0.75f, beta: -1.5f, padA: 3, padB: 1, padC: 2, seed: (ulong)(m + n + k));
            foreach (var kernel in new[] { MicroKernel.VectorKernel, MicroKernel.Vector512Kernel, MicroKernel.ScalarKernel })
            {
                foreach (var threads in new[] { 1, 2 })
                {
                    problem.AssertMatchesReference(problem.RunFast(SgemmRoute.Blocked, kernel, threads), $"blocked {kernel} threads={threads}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Direct_and_automatic_routes_match_reference(int m, int n, int k)
    {
        foreach (var (ta, tb) in Transposes)
        {
            var problem = new GemmProblem(ta, tb, m, n, k, alpha: -1.25f, beta: 1f, padA: 1, padB: 2, padC: 3, seed: (ulong)(m * n * k));
            problem.AssertMatchesReference(problem.RunFast(SgemmRoute.Direct, MicroKernel.Best, 1), "direct");
            problem.AssertMatchesReference(problem.RunPublic(), "public");
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Beta_zero_ignores_NaN_in_C(string kernelName)
    {
        var kernel = KernelNamed(kernelName);
        foreach (var (ta, tb) in Transposes)
        {
            foreach (var (m, n, k) in new[] { (1, 20, 7), (20, 1, 7), (3, 3, 3), (17, 35, 300) })
            {
                var problem = new GemmProblem(ta, tb, m, n, k, alpha: 1f, beta: 0f, padC: 1, nanInC: true);
                problem.AssertMatchesReference(problem.RunFast(SgemmRoute.Blocked, kernel, 2), "blocked beta=0");
                problem.AssertMatchesReference(problem.RunFast(SgemmRoute.Direct, kernel, 1), "direct beta=0");
            }
        }
    }

    [Fact]
    public void Alpha_zero_or_empty_k_scales_C_without_reading_A_or_B()
    {
        // BLAS: with alpha == 0 or k == 0, C = beta * C and A, B are not referenced (here: NaN, and empty).
        float[] a = [float.NaN, float.NaN];
        float[] c = [1, -2, 3, 4];
        Sgemm.Multiply(false, false, 2, 2, 1, 0f, a, 1, [float.NaN, float.NaN], 2, 0.5f, c, 2);
        Assert.Equal([0.5f, -1f, 1.5f, 2f], c);

        float[] c2 = [float.NaN, 7];
        Sgemm.Multiply(false, false, 1, 2, 0, 1f, [], 1, [], 2, 0f, c2, 2);
        Assert.Equal([0f, 0f], c2);
    }

    [Fact]
    public void Results_are_bitwise_identical_across_runs_and_thread_counts()
    {
        // 100 x 160 x 300 = 4.8 M multiply-adds: large enough that two threads really split the columns.
        foreach (var (ta, tb) in Transposes)
        {
            var problem = new GemmProblem(ta, tb, 100, 160, 300, alpha: 1f, beta: 0.5f, seed: 7);
            var first = problem.RunFast(SgemmRoute.Blocked, MicroKernel.Best, 2);
            var second = problem.RunFast(SgemmRoute.Blocked, MicroKernel.Best, 2);
            var single = problem.RunFast(SgemmRoute.Blocked, MicroKernel.Best, 1);
            Assert.Equal(Bits(first), Bits(second));
            Assert.Equal(Bits(first), Bits(single));
        }

        // Tall and narrow: threads split the rows instead.
        var tall = new GemmProblem(false, false, 600, 20, 200, alpha: 1f, beta: 0f, seed: 8);
        Assert.Equal(Bits(tall.RunFast(SgemmRoute.Blocked, MicroKernel.Best, 1)), Bits(tall.RunFast(SgemmRoute.Blocked, MicroKernel.Best, 2)));
    }

    [Fact]
    public void Concurrent_callers_sharing_the_worker_pool_get_the_single_thread_result()
    {
        // The pool serves one call at a time; a caller that finds it busy runs its parts inline. Either way the
        // result must be the one thread's result, bit for bit.
        var problems = Enumerable.Range(0, 4)
            .Select(s => new GemmProblem(s % 2 == 0, s / 2 == 0, 90, 130, 120, alpha: 1f, beta: 0.25f, seed: (ulong)(20 + s)))
            .ToArray();
        var expected = problems.Select(p => Bits(p.RunFast(SgemmRoute.Blocked, MicroKernel.Best, 1))).ToArray();
        Parallel.For(0, 4 * problems.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var p = problems[i % problems.Length];
            Assert.Equal(expected[i % problems.Length], Bits(p.RunFast(SgemmRoute.Blocked, MicroKernel.Best, 2)));
        });
    }

    [Fact]
    public void Thread_count_setting_rejects_values_below_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ComputeSettings.ThreadCount = 0);
    }

    [Fact]
    public void Steady_state_calls_allocate_nothing()
    {
        var problem = new GemmProblem(false, true, 128, 128, 128, alpha: 1f, beta: 0f);
        var c = (float[])problem.C.Clone();
        void Call() => Sgemm.Multiply(SgemmRoute.Auto, MicroKernel.Best, 2, false, true, 128, 128, 128, 1f,
            problem.A, problem.Lda, problem.B, problem.Ldb, 0f, c, problem.Ldc);

        // Warm-up: the pool's threads and this thread's packing buffers are created once. (A call that finds the pool
        // busy with another test runs inline and would not create the workers, hence Prepare.)
        KernelWorkers.Prepare(2);
        Call();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
        {
            Call();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Operand_too_small_for_its_shape_and_stride_is_rejected_by_name()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Sgemm.Multiply(false, false, 3, 2, 4, 1f, new float[11], 4, new float[8], 2, 0f, new float[6], 2));
        Assert.Contains("A (3 x 4, row stride 4) needs 12 elements", ex.Message, StringComparison.Ordinal);

        var stride = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Sgemm.Multiply(false, true, 3, 2, 4, 1f, new float[12], 4, new float[8], 3, 0f, new float[6], 2));
        Assert.Contains("ldb = 3 is smaller than the 4 columns of B", stride.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_shapes_strides_and_scalars_match_reference()
    {
        var gen =
            from m in Gen.Int[1, 70]
            from n in Gen.Int[1, 70]
            from k in Gen.Int[1, 300]
            from ta in Gen.Bool
            from tb in Gen.Bool
            from alpha in Gen.OneOf(Gen.Const(1f), Gen.Float[-2f, 2f])
            from beta in Gen.OneOf(Gen.Const(0f), Gen.Const(1f), Gen.Const(-0.5f))
            from pad in Gen.Int[0, 5]
            from threads in Gen.Int[1, 2]
            from route in Gen.Enum<SgemmRoute>()
            from seed in Gen.ULong
            select (m, n, k, ta, tb, alpha, beta, pad, threads, route, seed);

        gen.Sample(t =>
        {
            var problem = new GemmProblem(t.ta, t.tb, t.m, t.n, t.k, t.alpha, t.beta, t.pad, t.pad + 1, t.pad, t.seed, nanInC: t.beta == 0);
            problem.AssertMatchesReference(problem.RunFast(t.route, MicroKernel.Best, t.threads), $"{t.route} threads={t.threads}");
        }, iter: 150);
    }

    private static readonly (bool, bool)[] Transposes = [(false, false), (false, true), (true, false), (true, true)];

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
