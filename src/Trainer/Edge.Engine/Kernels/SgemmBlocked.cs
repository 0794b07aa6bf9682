namespace Edge.Engine.Kernels;

/// <summary>
/// The cache-blocked GEMM driver (Goto and van de Geijn 2008; the loop order of BLIS): for each block of Nc columns
/// and Kc steps, pack op(B) once (it then lives in L3 / L2), for each block of Mc rows pack op(A) (it then lives in
/// L2), and sweep the register kernel over the tiles, one packed B micro-panel (L1) against all A micro-panels.
/// Threads take disjoint column (or row) chunks of C aligned to the tile size, and k is always split into the same
/// blocks, so every element of C sees the same operations in the same order whatever the thread count or schedule.
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

    /// <summary>Up to this many rows of C (16 tiles of 6), B is read in place rather than packed.</summary>
    public const int InPlaceBMaxRows = 96;

    /// <summary>Up to this size (1 MiB, within L2 + L3 reach between calls), B is read in place rather than packed.</summary>
    public const long InPlaceBMaxFloats = 1L << 18;

    /// <summary>Chunks per thread when work is shared: spare chunks let a thread whose core is busy fall behind without stalling the rest.</summary>
    private const int ChunksPerThread = 2;

    private struct Job
    {
        public delegate*<int, float*, float*, nint, float*, nint, float, float, void> Kernel;
        public int Mr, Nr;
        public bool TransposeA, TransposeB;
        public int M, N, K, KBlock;
        public float Alpha, Beta;
        public float* A, B, C;
        public nint Lda, Ldb, Ldc;
        public bool SplitColumns;
        public int ChunkTiles, Chunks;
        public int NextChunk;
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

        var parts = Plan(threads, ref job);
        if (parts == 1)
        {
            Work(&job, 0);
        }
        else
        {
            KernelWorkers.Run(parts, &Work, &job);
        }
    }

    /// <summary>
    /// Cuts C into tile-aligned chunks along one dimension and returns how many threads should take them.
    /// Splitting columns makes every chunk pack all of op(A); splitting rows, all of op(B). Pick the cheaper repeat:
    /// an operand whose panel steps are contiguous in memory packs by plain copies, the other by transposing
    /// (about three times the cost per element).
    /// </summary>
    private static int Plan(int threads, ref Job job)
    {
        var tilesM = (job.M + job.Mr - 1) / job.Mr;
        var tilesN = (job.N + job.Nr - 1) / job.Nr;
        var macs = (long)job.M * job.N * job.K;
        var wanted = (int)Math.Clamp(macs / MinMacsPerThread, 1, threads);
        var repeatA = (long)job.M * (job.TransposeA ? 1 : 3);
        var repeatB = (long)job.N * (job.TransposeB ? 3 : 1);
        job.SplitColumns = tilesN >= wanted && (repeatA <= repeatB || tilesM < wanted);
        var tiles = job.SplitColumns ? tilesN : tilesM;
        var chunks = wanted == 1 ? 1 : Math.Min(tiles, wanted * ChunksPerThread);
        job.ChunkTiles = (tiles + chunks - 1) / chunks;
        job.Chunks = (tiles + job.ChunkTiles - 1) / job.ChunkTiles;
        job.NextChunk = -1;
        return Math.Min(wanted, job.Chunks);
    }

    /// <summary>One thread's share: take chunks until none are left. Who computes a chunk never changes what it computes.</summary>
    private static void Work(void* state, int part)
    {
        ref var job = ref *(Job*)state;
        int chunk;
        while ((chunk = Interlocked.Increment(ref job.NextChunk)) < job.Chunks)
        {
            int i0 = 0, i1 = job.M, j0 = 0, j1 = job.N;
            if (job.SplitColumns)
            {
                j0 = chunk * job.ChunkTiles * job.Nr;
                j1 = Math.Min(job.N, j0 + (job.ChunkTiles * job.Nr));
            }
            else
            {
                i0 = chunk * job.ChunkTiles * job.Mr;
                i1 = Math.Min(job.M, i0 + (job.ChunkTiles * job.Mr));
            }

            Block(ref job, i0, i1, j0, j1);
        }
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
                // B's rows are read in place when they are contiguous, few A tiles share each panel (packing would
                // cost about as much as it saves) and B is small enough to stay cached between calls, like a
                // recurrent kernel; a large B streamed from memory reads faster row by row through packing.
                // A ragged last panel is still packed, padded with zeros, so the kernel never reads past B's end.
                var inPlaceB = !job.TransposeB && i1 - i0 <= InPlaceBMaxRows && (long)job.K * job.N <= InPlaceBMaxFloats;
                var packFrom = inPlaceB ? nc / nr * nr : 0;
                if (packFrom < nc)
                {
                    SgemmPacking.PackB(job.TransposeB, job.B, job.Ldb, pc, kc, jc + packFrom, nc - packFrom, nr, packedB + ((nint)packFrom * kc));
                }

                // The first k block applies the caller's beta; later ones accumulate onto it.
                var beta = pc == 0 ? job.Beta : 1f;
                for (var ic = i0; ic < i1; ic += Mc)
                {
                    var mc = Math.Min(Mc, i1 - ic);
                    SgemmPacking.PackA(job.TransposeA, job.A, job.Lda, ic, mc, pc, kc, mr, packedA);
                    for (var jr = 0; jr < nc; jr += nr)
                    {
                        var cols = Math.Min(nr, nc - jr);
                        var panelB = jr < packFrom ? job.B + (pc * job.Ldb) + jc + jr : packedB + ((nint)jr * kc);
                        var bStep = jr < packFrom ? job.Ldb : nr;
                        for (var ir = 0; ir < mc; ir += mr)
                        {
                            var rows = Math.Min(mr, mc - ir);
                            var panelA = packedA + ((nint)ir * kc);
                            var tile = job.C + ((ic + ir) * job.Ldc) + jc + jr;
                            if (rows == mr && cols == nr)
                            {
                                job.Kernel(kc, panelA, panelB, bStep, tile, job.Ldc, job.Alpha, beta);
                            }
                            else
                            {
                                // A ragged edge: compute the full tile aside, then update only the part inside C.
                                job.Kernel(kc, panelA, panelB, bStep, edge, nr, job.Alpha, 0f);
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
