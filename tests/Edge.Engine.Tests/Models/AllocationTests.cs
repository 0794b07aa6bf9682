using Edge.Engine.Losses;
using Edge.Engine.Models.Callbacks;
using Edge.Engine.Optimizers;

namespace Edge.Engine.Tests.Models;

/// <summary>The hot loop allocates nothing once buffers and optimizer state exist.</summary>
public class AllocationTests
{
    [Fact]
    public void Train_on_batch_does_not_allocate_after_warm_up()
    {
        var (x, y) = ModelFixtures.Blobs(32, 1);
        var model = ModelFixtures.SmallClassifier();
        model.Compile(new Adam(), new BinaryCrossentropy(), ["accuracy", "auc"]);
        model.TrainOnBatch(x, y);
        model.TrainOnBatch(x, y);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            model.TrainOnBatch(x, y);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Fit_allocation_does_not_grow_with_the_number_of_batches()
    {
        // Per-epoch bookkeeping (logs, history) allocates a little; per-batch work must not. Compare 4 and 40 batches.
        static long Allocated(int samples)
        {
            var (x, y) = ModelFixtures.Blobs(samples, 1);
            var model = ModelFixtures.SmallClassifier();
            model.Compile(new Adam(), new BinaryCrossentropy(), ["accuracy"]);
            var callback = new LambdaCallback(onBatchEnd: _ => { });
            model.Fit(x, y, epochs: 1, batchSize: 8, classWeight: new Dictionary<int, double> { [0] = 1, [1] = 2 }, callbacks: [callback]);
            var before = GC.GetAllocatedBytesForCurrentThread();
            model.Fit(x, y, epochs: 1, batchSize: 8, classWeight: new Dictionary<int, double> { [0] = 1, [1] = 2 }, callbacks: [callback]);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var few = Allocated(32);
        var many = Allocated(320);
        // The only size-dependent allocations are per Fit call: the sample-weight and order arrays (4 + 4 bytes per sample).
        Assert.True(many - few <= (320 - 32) * 8 + 256, $"Fit over 4 batches allocated {few} B, over 40 batches {many} B");
    }
}
