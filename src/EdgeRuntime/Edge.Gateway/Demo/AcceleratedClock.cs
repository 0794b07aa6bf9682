namespace Edge.Gateway.Demo;

/// <summary>
/// Time that runs <c>speed</c> times faster than an underlying clock, from a chosen starting instant: the demo lives
/// through days of meter time in minutes. Now, timestamps and timers are all scaled, so code written against
/// <see cref="TimeProvider"/> (timeouts, daily schedules, backoff) behaves as it would over the longer period.
/// </summary>
public sealed class AcceleratedClock : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly double _speed;
    private readonly DateTimeOffset _origin;
    private readonly long _innerOrigin;

    public AcceleratedClock(TimeProvider inner, DateTimeOffset origin, double speed)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!(speed > 0) || double.IsInfinity(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "the speed-up must be a positive number");
        }

        _inner = inner;
        _speed = speed;
        _origin = origin;
        _innerOrigin = inner.GetTimestamp();
    }

    public double Speed => _speed;

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => _origin + Elapsed();

    public override long GetTimestamp() => Elapsed().Ticks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_inner.CreateTimer(callback, state, Shrink(dueTime), Shrink(period)), this);

    private TimeSpan Elapsed() => _inner.GetElapsedTime(_innerOrigin) * _speed;

    /// <summary>Accelerated duration to the underlying clock's; infinite stays infinite.</summary>
    private TimeSpan Shrink(TimeSpan span) => span == Timeout.InfiniteTimeSpan ? span : span / _speed;

    private sealed class ScaledTimer(ITimer inner, AcceleratedClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Shrink(dueTime), clock.Shrink(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
