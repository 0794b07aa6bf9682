using Edge.Runtime.Uplink;

namespace Edge.Runtime.Tests.Uplink;

public sealed class ReconnectBackoffTests
{
    /// <summary>A jitter source pinned to one value, to see both ends of the jitter range.</summary>
    private sealed class PinnedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }

    private static List<double> Seconds(ReconnectBackoff backoff, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => backoff.Next().TotalSeconds)];

    [Fact]
    public void Steps_double_from_the_minimum_to_the_maximum_with_half_of_each_step_jittered()
    {
        // Steps 1, 2, 4, 8, 8, 8 s (min 1 s doubling, capped at 8 s); delay = step/2 + jitter * step/2.
        var lowest = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), new PinnedRandom(0.0));
        var highest = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), new PinnedRandom(1.0));

        Assert.Equal([0.5, 1, 2, 4, 4, 4], Seconds(lowest, 6));
        Assert.Equal([1.0, 2, 4, 8, 8, 8], Seconds(highest, 6));
    }

    [Fact]
    public void A_successful_connection_starts_the_steps_again_from_the_minimum()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), new PinnedRandom(1.0));
        Seconds(backoff, 5);

        backoff.Reset();

        Assert.Equal([1.0, 2], Seconds(backoff, 2));
    }

    [Fact]
    public void Many_failures_stay_at_the_maximum()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), new PinnedRandom(1.0));

        var delays = Seconds(backoff, 200);

        Assert.Equal(300, delays[^1]);
        Assert.All(delays, d => Assert.InRange(d, 0.5, 300));
    }
}
