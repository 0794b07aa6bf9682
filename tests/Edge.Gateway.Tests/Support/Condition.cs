namespace Edge.Gateway.Tests.Support;

/// <summary>
/// Waits for something a host's background thread brings about. Synchronisation, not a timing assertion: the limit is
/// generous and only guards against hangs.
/// </summary>
internal static class Condition
{
    public static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(5);
        }
    }
}
