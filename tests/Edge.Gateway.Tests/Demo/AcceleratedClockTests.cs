using Edge.Gateway.Demo;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Gateway.Tests.Demo;

public sealed class AcceleratedClockTests
{
    private static readonly DateTimeOffset Origin = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Now_and_elapsed_time_run_speed_times_faster()
    {
        var real = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var clock = new AcceleratedClock(real, Origin, speed: 1440);
        var start = clock.GetTimestamp();

        real.Advance(TimeSpan.FromSeconds(60));

        // 60 s at 1440x is 86,400 s: one day.
        Assert.Equal(Origin.AddDays(1), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromDays(1), clock.GetElapsedTime(start));
    }

    [Fact]
    public void Timers_fire_after_the_accelerated_due_time_and_period()
    {
        var real = new FakeTimeProvider();
        var clock = new AcceleratedClock(real, Origin, speed: 3600);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromHours(2), TimeSpan.FromHours(1));

        real.Advance(TimeSpan.FromSeconds(1.999));
        Assert.Equal(0, fired);
        real.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, fired);
        real.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(4, fired);

        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        real.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(4, fired);
    }

    [Fact]
    public void A_paused_clock_stands_at_its_origin_and_arms_its_timers_when_started()
    {
        var real = new FakeTimeProvider();
        var clock = new AcceleratedClock(real, Origin, speed: 3600, paused: true);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);

        real.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(Origin, clock.GetUtcNow());
        Assert.Equal(0, fired);

        clock.Start();
        real.Advance(TimeSpan.FromSeconds(0.999));
        Assert.Equal(0, fired);
        real.Advance(TimeSpan.FromMilliseconds(1));

        // One hour at 3600x is one second after the start, not after the timer's creation.
        Assert.Equal(1, fired);
        Assert.Equal(Origin.AddHours(1), clock.GetUtcNow());
    }

    [Fact]
    public void A_timer_changed_or_disposed_while_paused_keeps_its_last_setting()
    {
        var real = new FakeTimeProvider();
        var clock = new AcceleratedClock(real, Origin, speed: 3600, paused: true);
        var changed = 0;
        var disposed = 0;
        using var moved = clock.CreateTimer(_ => changed++, null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);
        var dropped = clock.CreateTimer(_ => disposed++, null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);
        Assert.True(moved.Change(TimeSpan.FromHours(3), Timeout.InfiniteTimeSpan));
        dropped.Dispose();
        Assert.False(dropped.Change(TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan));

        clock.Start();
        real.Advance(TimeSpan.FromSeconds(2.5));
        Assert.Equal(0, changed);
        real.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(1, changed);
        Assert.Equal(0, disposed);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-2.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_speed_that_is_not_positive_and_finite_is_refused(double speed)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AcceleratedClock(TimeProvider.System, Origin, speed));
    }
}
