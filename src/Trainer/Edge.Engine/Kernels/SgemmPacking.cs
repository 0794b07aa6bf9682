using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
        if (transposeA)
        {
            // op(A)(i, p) = a[p*lda + i]: the mr values of one step are adjacent in A.
            SplitRows(a + (p0 * lda) + i0, lda, mc, kc, dst, mr);
            return;
        }

        // op(A)(i, p) = a[i*lda + p]: each row of a panel is a contiguous run of A.
        for (var ir = 0; ir < mc; ir += mr)
        {
            GatherColumns(a + ((i0 + ir) * lda) + p0, lda, Math.Min(mr, mc - ir), kc, dst + ((nint)ir * kc), mr);
        }
    }

    /// <summary>
    /// op(B)[p0 .. p0+kc, j0 .. j0+nc] as panels of <paramref name="nr"/> columns; panel q starts at dst + q*nr*kc
    /// and holds, for each p in order, the nr values of row p (columns past nc are zero).
    /// </summary>
    public static void PackB(bool transposeB, float* b, nint ldb, int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        if (!transposeB)
        {
            // op(B)(p, j) = b[p*ldb + j]: the nr values of one step are adjacent in B.
            SplitRows(b + (p0 * ldb) + j0, ldb, nc, kc, dst, nr);
            return;
        }

        // op(B)(p, j) = b[j*ldb + p]: each column of a panel is a contiguous run of B.
        for (var jr = 0; jr < nc; jr += nr)
        {
            GatherColumns(b + ((j0 + jr) * ldb) + p0, ldb, Math.Min(nr, nc - jr), kc, dst + ((nint)jr * kc), nr);
        }
    }

    /// <summary>
    /// Cuts each of <paramref name="kc"/> source rows (row p at src + p*stride, <paramref name="length"/> floats) into
    /// panels of <paramref name="width"/>: dst[q*width*kc + p*width + r] = src[p*stride + q*width + r], zero-padded.
    /// Row by row, so each source cache line is read once.
    /// </summary>
    private static void SplitRows(float* src, nint stride, int length, int kc, float* dst, int width)
    {
        var full = length / width * width;
        var vw = Vector<float>.Count;
        for (var p = 0; p < kc; p++)
        {
            var row = src + (p * stride);
            var step = dst + (p * width);
            for (var q = 0; q < full; q += width)
            {
                var to = step + ((nint)q * kc);
                var r = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    for (; r + vw <= width; r += vw)
                    {
                        Vector.Store(Vector.Load(row + q + r), to + r);
                    }
                }

                for (; r < width; r++)
                {
                    to[r] = row[q + r];
                }
            }

            if (full < length)
            {
                var to = step + ((nint)full * kc);
                var count = length - full;
                for (var r = 0; r < count; r++)
                {
                    to[r] = row[full + r];
                }

                new Span<float>(to + count, width - count).Clear();
            }
        }
    }

    /// <summary>
    /// Transposes <paramref name="count"/> runs of <paramref name="kc"/> floats (run r at src + r*stride) into a panel
    /// of <paramref name="width"/> lanes per step: dst[p*width + r] = src[r*stride + p], lanes past count zeroed.
    /// Eight runs at a time go through 8 x 8 register transposes, so loads and stores stay whole vectors.
    /// </summary>
    private static void GatherColumns(float* src, nint stride, int count, int kc, float* dst, int width)
    {
        var lane = 0;
        var p = 0;
        if (Avx.IsSupported)
        {
            for (; lane + 8 <= count; lane += 8)
            {
                for (p = 0; p + 8 <= kc; p += 8)
                {
                    var s = src + (lane * stride) + p;
                    Transpose8x8(
                        Avx.LoadVector256(s), Avx.LoadVector256(s + stride), Avx.LoadVector256(s + (2 * stride)), Avx.LoadVector256(s + (3 * stride)),
                        Avx.LoadVector256(s + (4 * stride)), Avx.LoadVector256(s + (5 * stride)), Avx.LoadVector256(s + (6 * stride)), Avx.LoadVector256(s + (7 * stride)),
                        dst + (p * width) + lane, width);
                }

                ScalarSteps(src, stride, lane, lane + 8, p, kc, dst, width);
            }

            p = 0;
            if (lane == 0 && count == width && count >= 4)
            {
                // A full panel narrower than 8 (the 6-row A panel): transpose 8 runs, repeating the last real one, and
                // store all 8 lanes. The surplus lanes spill into the next step's first lanes, which the next store
                // (vector or scalar, always in increasing p) overwrites; PackBuffer leaves slack for the last spill.
                var last = count - 1;
                for (; p + 8 <= kc; p += 8)
                {
                    var s = src + p;
                    Transpose8x8(
                        Avx.LoadVector256(s), Avx.LoadVector256(s + stride), Avx.LoadVector256(s + (2 * stride)), Avx.LoadVector256(s + (3 * stride)),
                        Avx.LoadVector256(s + (Math.Min(4, last) * stride)), Avx.LoadVector256(s + (Math.Min(5, last) * stride)),
                        Avx.LoadVector256(s + (Math.Min(6, last) * stride)), Avx.LoadVector256(s + (last * stride)),
                        dst + (p * width), width);
                }

                ScalarSteps(src, stride, 0, count, p, kc, dst, width);
                return;
            }
        }

        ScalarSteps(src, stride, lane, count, 0, kc, dst, width);
        for (p = 0; p < kc; p++)
        {
            new Span<float>(dst + (p * width) + count, width - count).Clear();
        }
    }

    private static void ScalarSteps(float* src, nint stride, int lane0, int lane1, int p0, int kc, float* dst, int width)
    {
        for (var p = p0; p < kc; p++)
        {
            var step = dst + (p * width);
            for (var r = lane0; r < lane1; r++)
            {
                step[r] = src[(r * stride) + p];
            }
        }
    }

    /// <summary>Stores column c of the 8 x 8 block whose rows are r0 .. r7 at dst + c*dstStride.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(
        Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7, float* dst, nint dstStride)
    {
        // Interleave pairs of rows, then pairs of pairs, then swap 128-bit halves (the usual AVX 8 x 8 transpose).
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + (2 * dstStride), Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + (3 * dstStride), Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + (4 * dstStride), Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + (5 * dstStride), Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + (6 * dstStride), Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + (7 * dstStride), Avx.Permute2x128(s3, s7, 0x31));
    }
}
