using Edge.MeterSim.Meter;
using Microsoft.Extensions.Time.Testing;

namespace Edge.MeterAdapter.Tests.Simulator;

public sealed class S0PulsePlayerTests
{
    [Fact]
    public async Task Pulses_are_evenly_spaced_and_as_wide_as_configured()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));
        var t0 = clock.GetUtcNow();
        var edges = new List<(TimeSpan At, bool Level)>();
        using var edgeSeen = new SemaphoreSlim(0);
        var player = new S0PulsePlayer(
            new SupplyPulseOutput(1000, TimeSpan.FromMilliseconds(30)),
            level =>
            {
                edges.Add((clock.GetUtcNow() - t0, level));
                edgeSeen.Release();
            },
            clock);

        // 1000 impulses per kWh = one pulse per Wh: 10 Wh over 10 s is 10 pulses, one per second, at 0, 1, ..., 9 s,
        // each 30 ms wide. The clock is moved to each due moment in turn, and the test waits for the player to act.
        var step = player.PlayStepAsync(10.0, TimeSpan.FromSeconds(10), CancellationToken.None);
        for (var i = 0; i < 10; i++)
        {
            clock.SetUtcNow(t0 + TimeSpan.FromSeconds(i));
            Assert.True(await edgeSeen.WaitAsync(TimeSpan.FromSeconds(30)));
            clock.SetUtcNow(t0 + TimeSpan.FromSeconds(i) + TimeSpan.FromMilliseconds(30));
            Assert.True(await edgeSeen.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        clock.SetUtcNow(t0 + TimeSpan.FromSeconds(10));
        await step.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(20, edges.Count);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal((TimeSpan.FromSeconds(i), true), edges[2 * i]);
            Assert.Equal((TimeSpan.FromSeconds(i) + TimeSpan.FromMilliseconds(30), false), edges[(2 * i) + 1]);
        }

        Assert.Equal(TimeSpan.FromSeconds(10), clock.GetUtcNow() - t0);
    }

    [Fact]
    public async Task A_step_without_a_whole_pulse_only_waits_and_carries_the_energy_over()
    {
        var clock = new FakeTimeProvider();
        var levels = new List<bool>();
        var player = new S0PulsePlayer(new SupplyPulseOutput(1000, TimeSpan.FromMilliseconds(30)), levels.Add, clock);

        var first = player.PlayStepAsync(0.6, TimeSpan.FromSeconds(1), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        await first;
        Assert.Empty(levels);

        // 0.6 + 0.6 Wh = 1.2 Wh: one whole pulse now, 0.2 Wh carried.
        var second = player.PlayStepAsync(0.6, TimeSpan.FromSeconds(1), CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(30));
        clock.Advance(TimeSpan.FromSeconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([true, false], levels);
    }
}
