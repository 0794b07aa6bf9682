namespace Edge.Runtime.Health;

/// <summary>
/// The ingest loop's proof of life: the writer beats at least once per idle interval, and the systemd watchdog pings
/// only while the last beat is recent, so a wedged pipeline gets the daemon restarted instead of silently not storing.
/// </summary>
public sealed class PipelineHeartbeat(TimeProvider time)
{
    private long _lastBeatTicks = time.GetUtcNow().UtcTicks;

    public DateTimeOffset LastBeat => new(Interlocked.Read(ref _lastBeatTicks), TimeSpan.Zero);

    public void Beat() => Interlocked.Exchange(ref _lastBeatTicks, time.GetUtcNow().UtcTicks);

    /// <summary>Whether the loop beat within <paramref name="window"/>.</summary>
    public bool IsAlive(TimeSpan window) => time.GetUtcNow() - LastBeat <= window;
}
