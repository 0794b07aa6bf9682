using System.Numerics;
using System.Runtime.Intrinsics;

namespace Edge.Engine.Kernels;

/// <summary>
/// One register-blocked GEMM inner kernel: C[Mr x Nr] (beta-updated) = alpha * Apanel * Bpanel over kc steps, where
/// Apanel holds Mr values of a column of op(A) per step and Bpanel holds Nr values of a row of op(B) per step
/// (the packed layouts <see cref="SgemmPacking"/> writes). The blocked driver is the same for every kernel.
/// </summary>
internal sealed unsafe class MicroKernel
{
    private MicroKernel(string name, int mr, int nr, delegate*<int, float*, float*, nint, float*, nint, float, float, void> compute)
    {
        Name = name;
        Mr = mr;
        Nr = nr;
        Compute = compute;
    }

    public string Name { get; }

    /// <summary>Rows of C per tile.</summary>
    public int Mr { get; }

    /// <summary>Columns of C per tile.</summary>
    public int Nr { get; }

    /// <summary>(kc, packedA, b, bStep, c, ldc, alpha, beta): bStep is Nr for a packed B panel, or B's row stride when B is read in place.</summary>
    public delegate*<int, float*, float*, nint, float*, nint, float, float, void> Compute { get; }

    /// <summary>8 x 32 with Vector512: 16 accumulators of the 32 AVX-512 registers.</summary>
    public static MicroKernel Vector512Kernel { get; } = new("Vector512 8x32", MicroKernel512.Mr, MicroKernel512.Nr, &MicroKernel512.Compute);

    /// <summary>6 x (2 vectors) with the machine's Vector&lt;float&gt;: 6x16 on AVX2 (12 accumulators of 16 registers), 6x8 on NEON.</summary>
    public static MicroKernel VectorKernel { get; } = new($"Vector{Vector<float>.Count * 32} 6x{MicroKernelVector.Nr}", MicroKernelVector.Mr, MicroKernelVector.Nr, &MicroKernelVector.Compute);

    /// <summary>4 x 4 scalar, for machines without SIMD.</summary>
    public static MicroKernel ScalarKernel { get; } = new("Scalar 4x4", MicroKernelScalar.Mr, MicroKernelScalar.Nr, &MicroKernelScalar.Compute);

    /// <summary>The fastest kernel this machine accelerates.</summary>
    public static MicroKernel Best { get; } =
        Vector512.IsHardwareAccelerated && FusedArithmetic.HasFma ? Vector512Kernel
        : Vector.IsHardwareAccelerated ? VectorKernel
        : ScalarKernel;

    public override string ToString() => Name;
}
