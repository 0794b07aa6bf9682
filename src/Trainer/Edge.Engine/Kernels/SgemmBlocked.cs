namespace Edge.Engine.Kernels;

/// <summary>
/// The cache-blocked GEMM driver (Goto and van de Geijn 2008; the loop order of BLIS): for each block of Nc columns
/// and Kc steps, pack op(B) once (it then lives in L3 / L2), for each block of Mc rows pack op(A) (it then lives in
/// L2), and sweep the register kernel over the tiles, one packed B micro-panel (L1) against all A micro-panels.
/// Threads take disjoint column (or row) ranges of C aligned to the tile size, and k is always split into the same
/// blocks, so every element of C sees the same operations in the same order whatever the thread count.
/// </summary>
internal static unsafe class SgemmBlocked
{
    /// <summary>Steps of k per packed block: a 256 x 16 B micro-panel is 16 KiB, half of a 32 KiB L1d.</summary>
    public const int Kc = 256;

    /// <summary>Rows per packed A block: 120 x 256 floats is 120 KiB, well inside a 512 KiB L2; a multiple of 4, 6 and 8.</summary>
    public const int Mc = 120;

    /// <summary>Columns per packed B block: 256 x 2048 floats is 2 MiB, inside a shared L3.</summary>
    public const int Nc = 2048;

    /// <summary>Below this many multiply-adds per thread, waking another thread costs more than it saves.</summary>
    public const long MinMacsPerThread = 1L << 19;

    private struct Job
    {
        public delegate*<int, float*, float*, float*, nint, float, float, void> Kernel;
        public int Mr, Nr;
        public bool TransposeA, TransposeB;
        public int M, N, K, KBlock;
        public float Alpha, Beta;
        public float* A, B, C;
        public nint Lda, Ldb, Ldc;
        public bool SplitColumns;
        public int ChunkTiles;
    }

    public static void Multiply(
        MicroKernel kernel, int threads, bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
    {
        // Equal k blocks that depend on k alone: 300 becomes 150 + 150 rather than 256 + 44.
        var kBlocks = (k + Kc - 1) / Kc;
        var job = new Job
        {
            Kernel = kernel.Compute,
            Mr = kernel.Mr,
            Nr = kernel.Nr,
            TransposeA = transposeA,
            TransposeB = transposeB,
            M = m,
            N = n,
            K = k,
            KBlock = (k + kBlocks - 1) / kBlocks,
            Alpha = alpha,
            Beta = beta,
            A = a,
            B = b,
            C = c,
            Lda = lda,
            Ldb = ldb,
            Ldc = ldc,
        };

        var parts = PlanParts(threads, ref job);
        if (parts == 1)
        {
            Run(&job, 0);
        }
        else
        {
            KernelWorkers.Run(parts, &Run, &job);
        }
    }

    /// <summary>Chooses how many threads to use and along which dimension of C to split; returns the part count.</summary>
    private static int PlanParts(int threads, ref Job job)
    {
        var tilesM = (job.M + job.Mr - 1) / job.Mr;
        var tilesN = (job.N + job.Nr - 1) / job.Nr;
        var macs = (long)job.M * job.N * job.K;
        var wanted = (int)Math.Clamp(macs / MinMacsPerThread, 1, threads);

        // Splitting columns makes every thread pack all of op(A); splitting rows, all of op(B). Pack the smaller twice.
        job.SplitColumns = tilesN >= wanted && (job.M <= job.N || tilesM < wanted);
        var tiles = job.SplitColumns ? tilesN : tilesM;
        var parts = Math.Min(wanted, tiles);
        job.ChunkTiles = (tiles + parts - 1) / parts;
        return (tiles + job.ChunkTiles - 1) / job.ChunkTiles;
    }

    private static void Run(void* state, int part)
    {
        ref var job = ref *(Job*)state;
        int i0 = 0, i1 = job.M, j0 = 0, j1 = job.N;
        if (job.SplitColumns)
        {
            j0 = part * job.ChunkTiles * job.Nr;
            j1 = Math.Min(job.N, j0 + (job.ChunkTiles * job.Nr));
        }
        else
        {
            i0 = part * job.ChunkTiles * job.Mr;
            i1 = Math.Min(job.M, i0 + (job.ChunkTiles * job.Mr));
        }

        Block(ref job, i0, i1, j0, j1);
    }

    private static void Block(ref Job job, int i0, int i1, int j0, int j1)
    {
        int mr = job.Mr, nr = job.Nr;
        var kcMax = Math.Min(job.KBlock, job.K);
        var packedB = PackBuffer.ForB(kcMax * RoundUp(Math.Min(Nc, j1 - j0), nr));
        var packedA = PackBuffer.ForA(kcMax * RoundUp(Math.Min(Mc, i1 - i0), mr));
        var edge = stackalloc float[MicroKernel512.Mr * MicroKernel512.Nr];

        for (var jc = j0; jc < j1; jc += Nc)
        {
            var nc = Math.Min(Nc, j1 - jc);
            for (var pc = 0; pc < job.K; pc += job.KBlock)
            {
                var kc = Math.Min(job.KBlock, job.K - pc);
                SgemmPacking.PackB(job.TransposeB, job.B, job.Ldb, pc, kc, jc, nc, nr, packedB);

                // The first k block applies the caller's beta; later ones accumulate onto it.
                var beta = pc == 0 ? job.Beta : 1f;
                for (var ic = i0; ic < i1; ic += Mc)
                {
                    var mc = Math.Min(Mc, i1 - ic);
                    SgemmPacking.PackA(job.TransposeA, job.A, job.Lda, ic, mc, pc, kc, mr, packedA);
                    for (var jr = 0; jr < nc; jr += nr)
                    {
                        var cols = Math.Min(nr, nc - jr);
                        var panelB = packedB + ((nint)jr * kc);
                        for (var ir = 0; ir < mc; ir += mr)
                        {
                            var rows = Math.Min(mr, mc - ir);
                            var panelA = packedA + ((nint)ir * kc);
                            var tile = job.C + ((ic + ir) * job.Ldc) + jc + jr;
                            if (rows == mr && cols == nr)
                            {
                                job.Kernel(kc, panelA, panelB, tile, job.Ldc, job.Alpha, beta);
                            }
                            else
                            {
                                // A ragged edge: compute the full tile aside, then update only the part inside C.
                                job.Kernel(kc, panelA, panelB, edge, nr, job.Alpha, 0f);
                                MergeEdge(edge, nr, tile, job.Ldc, rows, cols, beta);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void MergeEdge(float* edge, int nr, float* c, nint ldc, int rows, int cols, float beta)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < cols; j++)
            {
                ref var cij = ref c[(r * ldc) + j];
                cij = FusedArithmetic.Update(cij, edge[(r * nr) + j], beta);
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
