namespace Edge.Runtime.Uplink;

/// <summary>
/// Delays between connection attempts: exponential from the minimum to the maximum, with "equal jitter" (half the
/// step fixed, half random) so that a fleet whose broker restarts does not reconnect in one wave.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan min, TimeSpan max, Random random)
{
    private int _failures;

    /// <summary>The delay before the next attempt; each call counts one more failure.</summary>
    public TimeSpan Next()
    {
        var step = min.Ticks * Math.Pow(2, Math.Min(_failures, 62));
        var ceiling = Math.Min(step, max.Ticks);
        _failures++;
        return TimeSpan.FromTicks((long)(ceiling / 2 + random.NextDouble() * ceiling / 2));
    }

    /// <summary>After a successful connection the next failure starts again from the minimum.</summary>
    public void Reset() => _failures = 0;
}
