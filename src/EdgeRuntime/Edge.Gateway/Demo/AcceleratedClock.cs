namespace Edge.Gateway.Demo;

/// <summary>
/// Time that runs <c>speed</c> times faster than an underlying clock, from a chosen starting instant: the demo lives
/// through days of meter time in minutes. Now, timestamps and timers are all scaled, so code written against
/// <see cref="TimeProvider"/> (timeouts, daily schedules, backoff) behaves as it would over the longer period.
/// A clock created paused stands still at its origin, its timers waiting, until <see cref="Start"/>: the demo's gateway
/// starts up (seconds of wall time, hours at 1440x) before its live day begins, not during it.
/// </summary>
public sealed class AcceleratedClock : TimeProvider
{
    private const long NotStarted = long.MinValue;

    private readonly TimeProvider _inner;
    private readonly double _speed;
    private readonly DateTimeOffset _origin;
    private readonly Lock _gate = new();
    private long _innerOrigin = NotStarted;
    private List<ScaledTimer>? _waiting = [];

    public AcceleratedClock(TimeProvider inner, DateTimeOffset origin, double speed, bool paused = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!(speed > 0) || double.IsInfinity(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "the speed-up must be a positive number");
        }

        _inner = inner;
        _speed = speed;
        _origin = origin;
        if (!paused)
        {
            Start();
        }
    }

    public double Speed => _speed;

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => _origin + Elapsed();

    public override long GetTimestamp() => Elapsed().Ticks;

    /// <summary>Sets a paused clock running from its origin and arms the timers created meanwhile; no-op if running.</summary>
    public void Start()
    {
        List<ScaledTimer> waiting;
        lock (_gate)
        {
            if (_waiting is null)
            {
                return;
            }

            Volatile.Write(ref _innerOrigin, _inner.GetTimestamp());
            waiting = _waiting;
            _waiting = null;
        }

        foreach (var timer in waiting)
        {
            timer.Arm();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ScaledTimer(this, callback, state, dueTime, period);
        lock (_gate)
        {
            if (_waiting is not null)
            {
                _waiting.Add(timer);
                return timer;
            }
        }

        timer.Arm();
        return timer;
    }

    private TimeSpan Elapsed()
    {
        var innerOrigin = Volatile.Read(ref _innerOrigin);
        return innerOrigin == NotStarted ? TimeSpan.Zero : _inner.GetElapsedTime(innerOrigin) * _speed;
    }

    /// <summary>Accelerated duration to the underlying clock's; infinite stays infinite.</summary>
    private TimeSpan Shrink(TimeSpan span) => span == Timeout.InfiniteTimeSpan ? span : span / _speed;

    /// <summary>A timer on the underlying clock with shrunk due time and period, created once the clock runs.</summary>
    private sealed class ScaledTimer(AcceleratedClock clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) : ITimer
    {
        private readonly Lock _gate = new();
        private ITimer? _inner;
        private TimeSpan _dueTime = dueTime;
        private TimeSpan _period = period;
        private bool _disposed;

        public void Arm()
        {
            lock (_gate)
            {
                if (!_disposed)
                {
                    _inner = clock._inner.CreateTimer(callback, state, clock.Shrink(_dueTime), clock.Shrink(_period));
                }
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return false;
                }

                if (_inner is null)
                {
                    (_dueTime, _period) = (dueTime, period);
                    return true;
                }

                return _inner.Change(clock.Shrink(dueTime), clock.Shrink(period));
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _inner?.Dispose();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
