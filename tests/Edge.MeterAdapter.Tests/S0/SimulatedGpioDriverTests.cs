using System.Device.Gpio;
using Edge.MeterAdapter.S0;

namespace Edge.MeterAdapter.Tests.S0;

public sealed class SimulatedGpioDriverTests
{
    [Fact]
    public void Undriven_inputs_rest_at_their_pull_level()
    {
        using var controller = new GpioController(new SimulatedGpioDriver());
        controller.OpenPin(4, PinMode.InputPullUp);
        controller.OpenPin(5, PinMode.InputPullDown);

        Assert.Equal(PinValue.High, controller.Read(4));
        Assert.Equal(PinValue.Low, controller.Read(5));
    }

    [Fact]
    public void Callbacks_fire_once_per_change_and_only_for_the_requested_edge()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(4, PinMode.InputPullUp);
        var falling = new List<PinEventTypes>();
        controller.RegisterCallbackForPinValueChangedEvent(4, PinEventTypes.Falling, (_, e) => falling.Add(e.ChangeType));

        driver.DriveInput(4, PinValue.Low);
        driver.DriveInput(4, PinValue.Low);
        driver.DriveInput(4, PinValue.High);
        driver.DriveInput(4, PinValue.Low);

        Assert.Equal([PinEventTypes.Falling, PinEventTypes.Falling], falling);
        Assert.Equal(PinValue.Low, controller.Read(4));
    }

    [Fact]
    public async Task Wait_for_event_returns_the_edge_driven_from_another_thread()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(6, PinMode.InputPullDown);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var waiter = Task.Run(() => controller.WaitForEvent(6, PinEventTypes.Rising, timeout.Token));
        // The waiter may not be waiting yet when an edge is driven, so keep producing rising edges until it sees one.
        while (!waiter.IsCompleted)
        {
            driver.DriveInput(6, PinValue.High);
            driver.DriveInput(6, PinValue.Low);
            await Task.Yield();
        }

        var result = await waiter;
        Assert.False(result.TimedOut);
        Assert.Equal(PinEventTypes.Rising, result.EventTypes);
    }

    [Fact]
    public void Reading_an_unopened_pin_is_an_error()
    {
        using var controller = new GpioController(new SimulatedGpioDriver());
        Assert.Throws<InvalidOperationException>(() => controller.Read(3));
    }
}
