namespace Edge.Runtime.Tests.Support;

/// <summary>
/// Waits for a condition that another task makes true, stepping a fake clock between checks when given one. The
/// timeout is a generous bound for a stuck test, not a timing assertion.
/// </summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, string what, Action? step = null, double timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {what}");
            }

            step?.Invoke();
            await Task.Delay(2);
        }
    }
}
