namespace Edge.Engine.Kernels;

/// <summary>
/// Per-thread scratch memory for packed GEMM panels: pinned (so kernels use plain pointers), 64-byte aligned (one
/// cache line, one AVX-512 register), and grown only when a larger problem arrives, so steady-state calls do not allocate.
/// </summary>
internal static unsafe class PackBuffer
{
    private const int AlignFloats = 16;

    /// <summary>Writable floats past the requested end: packing may store a whole vector at a panel's last step.</summary>
    private const int SlackFloats = 8;

    [ThreadStatic]
    private static float[]? t_a;

    [ThreadStatic]
    private static float[]? t_b;

    [ThreadStatic]
    private static float[]? t_row;

    /// <summary>Room for packed panels of A; valid until this thread next asks for a larger one.</summary>
    public static float* ForA(int floats) => Aligned(ref t_a, floats);

    /// <summary>Room for packed panels of B; valid until this thread next asks for a larger one.</summary>
    public static float* ForB(int floats) => Aligned(ref t_b, floats);

    /// <summary>A row of scratch for the small-matrix path.</summary>
    public static float* ForRow(int floats) => Aligned(ref t_row, floats);

    private static float* Aligned(ref float[]? buffer, int floats)
    {
        if (buffer is null || buffer.Length < floats + AlignFloats + SlackFloats)
        {
            buffer = GC.AllocateUninitializedArray<float>(floats + AlignFloats + SlackFloats, pinned: true);
        }

        // The array lives on the pinned object heap, so its address is stable for the thread's lifetime.
        var p = (nuint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref buffer[0]);
        var aligned = (p + ((AlignFloats * sizeof(float)) - 1)) & ~(nuint)((AlignFloats * sizeof(float)) - 1);
        return (float*)aligned;
    }
}
