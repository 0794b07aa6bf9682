using System.Diagnostics;
using Edge.Engine.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Edge.Trainer.Export;

/// <summary>
/// How long ONNX Runtime takes to score one batch with a model: medians over repeated runs on one intra-op thread (the
/// gateway scores on one core beside its other services), after warm-up runs that let ORT finish its lazy set-up.
/// Both wall time and this process's CPU time are taken: on a shared machine wall time includes waiting for a core,
/// CPU time does not, so CPU time is the steadier figure of what the kernels cost. Inputs are random values in
/// [0, 1), the range scaled features take; the time does not depend on them.
/// </summary>
public static class OnnxLatency
{
    /// <summary>Median wall and CPU milliseconds per run, and how many timed runs they are the medians of.</summary>
    public readonly record struct Measurement(int Batch, double WallMilliseconds, double CpuMilliseconds, int Runs);

    /// <param name="budget">Rough wall-time budget for the timed runs: fewer runs for slow models, never fewer than 3 or more than <paramref name="maxRuns"/>.</param>
    public static Measurement Measure(byte[] onnx, IReadOnlyList<int> inputShape, int batch, TimeSpan budget, int maxRuns = 200)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        var perSample = inputShape.Aggregate(1, (a, d) => a * d);
        var rng = new Rng(0x1A7E);
        var data = new float[batch * perSample];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = rng.NextSingle();
        }

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(onnx, options);
        NamedOnnxValue[] inputs = [NamedOnnxValue.CreateFromTensor(OnnxExporter.InputName, new DenseTensor<float>(data, [batch, .. inputShape]))];
        var (first, _) = Time(session, inputs);
        Time(session, inputs); // second warm-up: the first run also allocates ORT's arenas
        var runs = (int)Math.Clamp(budget.TotalMilliseconds / Math.Max(first, 1e-3), 3, maxRuns);
        var wall = new double[runs];
        var cpu = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            (wall[i], cpu[i]) = Time(session, inputs);
        }

        return new Measurement(batch, Median(wall), Median(cpu), runs);
    }

    private static (double Wall, double Cpu) Time(InferenceSession session, NamedOnnxValue[] inputs)
    {
        var cpuStart = Environment.CpuUsage.TotalTime;
        var start = Stopwatch.GetTimestamp();
        using (session.Run(inputs))
        {
        }

        return (Stopwatch.GetElapsedTime(start).TotalMilliseconds, (Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds);
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
