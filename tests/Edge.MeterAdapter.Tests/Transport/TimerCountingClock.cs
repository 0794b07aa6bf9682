using Microsoft.Extensions.Time.Testing;

namespace Edge.MeterAdapter.Tests.Transport;

/// <summary>
/// A FakeTimeProvider that counts the timers created on it. A test that advances the clock while another thread is
/// about to start a delay must first wait until that delay's timer exists, or the delay would start from the advanced
/// time; waiting for the count makes such tests deterministic.
/// </summary>
internal sealed class TimerCountingClock(DateTimeOffset start) : TimeProvider
{
    private readonly FakeTimeProvider _fake = new(start);
    private int _timersCreated;

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public void Advance(TimeSpan delta) => _fake.Advance(delta);

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = _fake.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timersCreated);
        return timer;
    }
}
