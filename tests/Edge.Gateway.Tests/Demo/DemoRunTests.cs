using Edge.Gateway.Demo;
using Edge.Runtime.Alerts;

namespace Edge.Gateway.Tests.Demo;

/// <summary>
/// The README's main job end to end at twice its speed (the live day in 30 s): real daemon, DSMR on pseudo-terminals,
/// S0 pulses on a simulated GPIO line, the bundled model. The register thief is caught by the model, the bypass by the
/// pulse rule, and the honest household raises nothing.
/// </summary>
public sealed class DemoRunTests
{
    [Fact]
    public async Task The_demo_flags_both_thieves_and_not_the_honest_household()
    {
        var output = new StringWriter();
        var directory = Path.Combine(Path.GetTempPath(), $"edge-demo-test-{Guid.NewGuid():N}");
        try
        {
            var alerts = await new DemoRunner(new DemoOptions { Speed = 2880, Directory = directory }, output).RunAsync(CancellationToken.None);

            // The demo's own output is the failure message: it shows what the gateway stored, scored and raised.
            var printed = output.ToString();
            Assert.True(alerts is not null, printed);
            Assert.True(alerts.Any(a => a.MeterId == "house-2" && a.Kind == AlertKind.ModelScore && a.Score >= 0.5f), printed);
            Assert.True(alerts.Any(a => a.MeterId == "house-3" && a.Kind == AlertKind.PulseRegisterMismatch), printed);
            Assert.False(alerts.Any(a => a.MeterId == "house-1"), printed);
            Assert.Contains("house-1 (honest household): not flagged", printed, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
