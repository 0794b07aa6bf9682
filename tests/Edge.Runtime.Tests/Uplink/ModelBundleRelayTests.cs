using System.Collections.Concurrent;
using Edge.Runtime.Uplink;

namespace Edge.Runtime.Tests.Uplink;

public sealed class ModelBundleRelayTests
{
    [Fact]
    public async Task A_repeat_of_the_last_bundle_is_skipped_and_a_different_one_is_delivered()
    {
        var delivered = new ConcurrentQueue<byte[]>();
        var relay = new ModelBundleRelay((bundle, _) => { delivered.Enqueue(bundle); return Task.CompletedTask; }, _ => { });
        using var stop = new CancellationTokenSource();
        var running = relay.RunAsync(stop.Token);

        relay.Offer([1, 2, 3]);
        await Poll.UntilAsync(() => relay.Delivered == 1, "the first bundle");
        relay.Offer([1, 2, 3]); // the retained announcement again, as after a reconnect
        await Poll.UntilAsync(() => relay.Skipped == 1, "the repeat to be skipped");
        relay.Offer([]); // a cleared retained message: ignored
        relay.Offer([4]);
        await Poll.UntilAsync(() => relay.Delivered == 2, "the second bundle");

        await stop.CancelAsync();
        await running;
        Assert.Equal([[1, 2, 3], [4]], delivered.ToArray());
        Assert.Equal(1, relay.Skipped);
    }

    [Fact]
    public async Task A_failing_delivery_is_reported_and_the_next_bundle_still_goes_through()
    {
        var errors = new ConcurrentQueue<string>();
        var relay = new ModelBundleRelay(
            (bundle, _) => bundle[0] == 0 ? throw new InvalidDataException("bad signature") : Task.CompletedTask,
            errors.Enqueue);
        using var stop = new CancellationTokenSource();
        var running = relay.RunAsync(stop.Token);

        relay.Offer([0, 9]);
        await Poll.UntilAsync(() => !errors.IsEmpty, "the failure report");
        relay.Offer([1]);
        await Poll.UntilAsync(() => relay.Delivered == 1, "the next bundle");

        await stop.CancelAsync();
        await running;
        var error = Assert.Single(errors);
        Assert.Contains("(2 bytes)", error, StringComparison.Ordinal);
        Assert.Contains("bad signature", error, StringComparison.Ordinal);
    }
}
