namespace Edge.Runtime.Tests.Uplink;

/// <summary>
/// Waits for a condition that another thread or process brings about (a broker, a publisher loop). Synchronisation,
/// not a timing assertion: the limit is generous and only guards against hangs.
/// </summary>
internal static class Poll
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <param name="between">Run between checks, e.g. advancing a fake clock so a backoff delay can end.</param>
    public static async Task UntilAsync(Func<bool> condition, string what, Action? between = null)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting for: {what}");
            }

            between?.Invoke();
            await Task.Delay(10);
        }
    }
}
