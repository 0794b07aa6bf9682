using System.Diagnostics;
using Edge.Engine.Models.Callbacks;

namespace Edge.Trainer.Training;

/// <summary>
/// Times the training batches alone (forward, backward and optimizer step), leaving out each epoch's validation pass,
/// in wall seconds and in this process's CPU seconds. On a machine shared with other jobs the wall figure includes
/// time spent waiting for a core; the CPU figure is what the batches themselves cost.
/// </summary>
public sealed class BatchClock : Callback
{
    private long _epochStart;
    private TimeSpan _epochCpuStart;

    public int Batches { get; private set; }

    public double WallSeconds { get; private set; }

    public double CpuSeconds { get; private set; }

    public double WallSecondsPerBatch => Batches == 0 ? double.NaN : WallSeconds / Batches;

    public double CpuSecondsPerBatch => Batches == 0 ? double.NaN : CpuSeconds / Batches;

    public override void OnEpochBegin(int epoch)
    {
        _epochStart = Stopwatch.GetTimestamp();
        _epochCpuStart = Environment.CpuUsage.TotalTime;
    }

    public override void OnBatchEnd(in BatchProgress progress)
    {
        if (progress.Batch + 1 == progress.Batches)
        {
            WallSeconds += Stopwatch.GetElapsedTime(_epochStart).TotalSeconds;
            CpuSeconds += (Environment.CpuUsage.TotalTime - _epochCpuStart).TotalSeconds;
            Batches += progress.Batches;
        }
    }
}
