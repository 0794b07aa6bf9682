namespace Edge.MeterAdapter.Tests.Transport;

/// <summary>
/// Waits for another thread to reach a state (e.g. a continuation after a fake-clock advance, or a reader that has
/// consumed bytes). This is synchronisation, not a timing assertion: the limit is generous and only guards against hangs.
/// </summary>
internal static class Eventually
{
    /// <remarks>Two minutes: 30 s was once exceeded on a 2-core machine at load average 50 (eight parallel builds).</remarks>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static void True(Func<bool> condition, string what)
    {
        if (!SpinWait.SpinUntil(condition, Limit))
        {
            throw new TimeoutException($"Gave up waiting for: {what}");
        }
    }
}
