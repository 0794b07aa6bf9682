using System.Diagnostics;
using System.Globalization;
using Edge.Engine.Kernels;
using Edge.Engine.Layers;
using Edge.Engine.Layers.Convolution;
using Edge.Engine.Layers.Core;
using Edge.Engine.Layers.Recurrent;
using Edge.Engine.Models;
using Edge.Engine.Tensors;
using Edge.Trainer.Models;

namespace Edge.Bench;

/// <summary>
/// Training throughput of the seed's models through the public Keras-style API (TrainOnBatch: forward, loss,
/// backward, Adam), and the bytes the managed heap grows by per step once warm — the issue asks for zero.
/// </summary>
internal static class TrainBench
{
    private const int Batch = 64;

    /// <summary>148 weeks x 7 days: the SGCC daily series folded into weekly steps.</summary>
    private const int Steps = 148;

    private const int Features = 7;

    /// <summary>SGCC's record length, the days seed-cnn-lstm reads as one step (the seed's time_steps = 1).</summary>
    private const int SgccDays = 1034;

    public static void Run(IReadOnlyList<int> threadCounts, string filter)
    {
        Console.WriteLine(Invariant($"load average: {File.ReadAllText("/proc/loadavg").Trim()}"));
        Console.WriteLine();
        Console.WriteLine("| model | input (per sample) | batch | threads | ms per step, wall (median) | samples/s, wall | CPU-s per step | samples per CPU-s | bytes allocated per step: process | training thread |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        var models = new (string Name, string Input, Func<Sequential> Create, int[] Shape, int Batch)[]
        {
            ("LSTM(128) > Dense(64, relu) > Dense(1, sigmoid)", $"{Steps} x {Features}", CreateLstm, [Steps, Features], Batch),
            ("Conv1D 32-64-128-256-512 (k3, same, relu, MaxPooling1D(1)) > Flatten > Dense(64, relu) > Dense(1, sigmoid)",
                $"{Steps} x 1", CreateCnn, [Steps, 1], Batch),
            // The catalogue's seed-cnn-lstm at the seed's batch size 16 on a full SGCC record (136 M parameters).
            ("seed-cnn-lstm: TimeDistributed(Conv1D stack > Flatten) > LSTM(64) > Dense(1, sigmoid)",
                $"1 x {SgccDays} x 1", () => ModelCatalog.Get("seed-cnn-lstm").Create(), [1, SgccDays, 1], 16),
        };

        foreach (var (name, input, create, shape, batch) in models.Where(m => m.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)))
        {
            var (x, y) = Data(shape, batch);
            foreach (var threads in threadCounts)
            {
                ComputeSettings.ThreadCount = threads;
                var model = create();
                model.Compile("adam", "binary_crossentropy", seed: 1);
                if (!model.IsBuilt)
                {
                    model.Build(new Shape(shape), 1);
                }

                var (median, cpu, allocated, threadAllocated) = MeasureSteps(model, x, y);
                Console.WriteLine(Invariant(
                    $"| {name} | {input} | {batch} | {threads} | {median * 1e3:F1} | {batch / median:F0} | {cpu:F3} | {batch / cpu:F0} | {allocated:F0} | {threadAllocated:F0} |"));
            }
        }

        ComputeSettings.ThreadCount = Environment.ProcessorCount;
    }

    private static Sequential CreateLstm() => new(
        [new LSTM(128), new Dense(64, "relu"), new Dense(1, "sigmoid")],
        new Shape(Steps, Features));

    private static Sequential CreateCnn() => new(
        [
            new Conv1D(32, 3, "relu", "same"), new MaxPooling1D(1),
            new Conv1D(64, 3, "relu", "same"), new MaxPooling1D(1),
            new Conv1D(128, 3, "relu", "same"), new MaxPooling1D(1),
            new Conv1D(256, 3, "relu", "same"), new MaxPooling1D(1),
            new Conv1D(512, 3, "relu", "same"), new MaxPooling1D(1),
            new Flatten(), new Dense(64, "relu"), new Dense(1, "sigmoid"),
        ],
        new Shape(Steps, 1));

    private static (Tensor X, Tensor Y) Data(int[] sampleShape, int batch)
    {
        var rng = new Rng(7);
        var x = new Tensor(new Shape([batch, .. sampleShape]));
        foreach (ref var v in x.Span)
        {
            v = rng.Uniform(0f, 1f);
        }

        var y = new Tensor(batch, 1);
        for (var i = 0; i < batch; i++)
        {
            y[i] = i % 3 == 0 ? 1f : 0f;
        }

        return (x, y);
    }

    /// <summary>
    /// Median wall and CPU seconds per step, and managed bytes allocated per step after warm-up: by the whole process
    /// (kernel worker threads and the runtime's own background threads included) and by the training thread alone.
    /// </summary>
    private static (double Median, double Cpu, double Allocated, double ThreadAllocated) MeasureSteps(Sequential model, Tensor x, Tensor y)
    {
        // Warm-up: buffers sized, JIT at tier 1 (a few steps and at least a second).
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < 3 || warm.Elapsed.TotalSeconds < 1.0; i++)
        {
            model.TrainOnBatch(x, y);
        }

        var once = Stopwatch.StartNew();
        model.TrainOnBatch(x, y);
        _ = CpuClock.Seconds; // binds the native call now, so its one-off allocation falls outside the count
        var samples = Math.Clamp((int)(3.0 / once.Elapsed.TotalSeconds), 5, 50);

        var wall = new double[samples];
        var cpu = new double[samples];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var threadAllocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var s = 0; s < samples; s++)
        {
            // Timestamps, not a Stopwatch object, so the measurement itself allocates nothing.
            var cpu0 = CpuClock.Seconds;
            var t0 = Stopwatch.GetTimestamp();
            model.TrainOnBatch(x, y);
            wall[s] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            cpu[s] = CpuClock.Seconds - cpu0;
        }

        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)samples;
        var threadAllocated = (GC.GetAllocatedBytesForCurrentThread() - threadAllocatedBefore) / (double)samples;
        Array.Sort(wall);
        Array.Sort(cpu);
        return (wall[samples / 2], cpu[samples / 2], allocated, threadAllocated);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
