using Edge.Gateway.Led;
using Edge.Gateway.Tests.Api;
using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Gateway.Tests.Led;

/// <summary>
/// The service that opens the configured LED line through the real libgpiod driver. No test machine has the chip it is
/// given (gpiochip63, the highest the config allows), and many have no libgpiod at all: either way the line cannot be
/// opened, which must be a fault on the board and not a daemon that stops reading meters.
/// </summary>
public sealed class AlertLedServiceTests
{
    [Fact]
    public async Task A_line_that_cannot_be_opened_is_a_fault_and_the_service_still_starts_and_stops()
    {
        Assert.False(File.Exists("/dev/gpiochip63"), "this machine has a gpiochip63: the test needs a chip that does not exist");
        await using var gateway = await RunningGateway.StartAsync();
        var faults = new FaultBoard(new FakeTimeProvider());
        using var service = new AlertLedService(new GpioOutputConfig { GpioChip = 63, Line = 17 }, gateway.Alerts, faults, new FakeTimeProvider());

        await service.StartAsync(CancellationToken.None);

        var fault = Assert.Single(faults.Snapshot());
        Assert.Equal(AlertLed.FaultComponent, fault.Component);
        Assert.StartsWith("alert LED on gpiochip63 line 17 cannot be opened: ", fault.Message, StringComparison.Ordinal);
        await service.StopAsync(CancellationToken.None);
    }
}
