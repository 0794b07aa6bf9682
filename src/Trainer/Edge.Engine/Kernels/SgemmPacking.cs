namespace Edge.Engine.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, zero-padded micro-panels the kernels stream through.
/// Packing absorbs the four transpose variants and the strides, so one kernel serves all of them, and it turns
/// strided accesses into sequential ones that stay in cache (Goto and van de Geijn 2008, section 5).
/// </summary>
internal static unsafe class SgemmPacking
{
    /// <summary>
    /// op(A)[i0 .. i0+mc, p0 .. p0+kc] as panels of <paramref name="mr"/> rows; panel q starts at dst + q*mr*kc and
    /// holds, for each p in order, the mr values of column p (rows past mc are zero).
    /// </summary>
    public static void PackA(bool transposeA, float* a, nint lda, int i0, int mc, int p0, int kc, int mr, float* dst)
    {
        for (var ir = 0; ir < mc; ir += mr)
        {
            var rows = Math.Min(mr, mc - ir);
            var panel = dst + ((nint)ir * kc);
            if (transposeA)
            {
                // op(A)(i, p) = a[p*lda + i]: the mr values of one step are adjacent in A.
                for (var p = 0; p < kc; p++)
                {
                    CopyPadded(a + ((p0 + p) * lda) + i0 + ir, rows, panel + (p * mr), mr);
                }
            }
            else
            {
                // op(A)(i, p) = a[i*lda + p]: each row of the panel is a contiguous run of A.
                for (var r = 0; r < rows; r++)
                {
                    var src = a + ((i0 + ir + r) * lda) + p0;
                    for (var p = 0; p < kc; p++)
                    {
                        panel[(p * mr) + r] = src[p];
                    }
                }

                ZeroRows(panel, rows, mr, kc);
            }
        }
    }

    /// <summary>
    /// op(B)[p0 .. p0+kc, j0 .. j0+nc] as panels of <paramref name="nr"/> columns; panel q starts at dst + q*nr*kc
    /// and holds, for each p in order, the nr values of row p (columns past nc are zero).
    /// </summary>
    public static void PackB(bool transposeB, float* b, nint ldb, int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        for (var jr = 0; jr < nc; jr += nr)
        {
            var cols = Math.Min(nr, nc - jr);
            var panel = dst + ((nint)jr * kc);
            if (transposeB)
            {
                // op(B)(p, j) = b[j*ldb + p]: each column of the panel is a contiguous run of B.
                for (var col = 0; col < cols; col++)
                {
                    var src = b + ((j0 + jr + col) * ldb) + p0;
                    for (var p = 0; p < kc; p++)
                    {
                        panel[(p * nr) + col] = src[p];
                    }
                }

                ZeroRows(panel, cols, nr, kc);
            }
            else
            {
                // op(B)(p, j) = b[p*ldb + j]: the nr values of one step are adjacent in B.
                for (var p = 0; p < kc; p++)
                {
                    CopyPadded(b + ((p0 + p) * ldb) + j0 + jr, cols, panel + (p * nr), nr);
                }
            }
        }
    }

    private static void CopyPadded(float* src, int count, float* dst, int width)
    {
        new ReadOnlySpan<float>(src, count).CopyTo(new Span<float>(dst, count));
        if (count < width)
        {
            new Span<float>(dst + count, width - count).Clear();
        }
    }

    /// <summary>Zeroes lanes used..width of every step in a panel whose lanes were written one at a time.</summary>
    private static void ZeroRows(float* panel, int used, int width, int kc)
    {
        if (used == width)
        {
            return;
        }

        for (var p = 0; p < kc; p++)
        {
            new Span<float>(panel + (p * width) + used, width - used).Clear();
        }
    }
}
