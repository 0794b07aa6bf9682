using System.Device.Gpio;
using Edge.Gateway.Tests.Api;
using Edge.MeterAdapter.S0;
using Edge.Runtime.Alerts;
using Edge.Runtime.Health;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Gateway.Tests.Led;

/// <summary>The alert LED on a simulated GPIO driver and a fake clock.</summary>
public sealed class AlertLedTests
{
    private const int Pin = 17;

    [Fact]
    public void Pattern_is_blink_for_a_fault_on_for_an_open_alert_off_otherwise()
    {
        Assert.Equal(LedPattern.Off, AlertLed.PatternFor(0, 0));
        Assert.Equal(LedPattern.On, AlertLed.PatternFor(2, 0));
        Assert.Equal(LedPattern.Blink, AlertLed.PatternFor(0, 1));
        Assert.Equal(LedPattern.Blink, AlertLed.PatternFor(3, 1));
    }

    [Fact]
    public void The_pin_follows_the_pattern_and_blinks_at_1_Hz()
    {
        var driver = new SimulatedGpioDriver();
        using var gpio = new GpioController(driver);
        var time = new FakeTimeProvider();
        var pattern = LedPattern.Off;
        using var led = new AlertLed(gpio, Pin, time, () => pattern);
        var half = AlertLed.BlinkHalfPeriod;

        Assert.Equal(PinValue.Low, gpio.Read(Pin));
        time.Advance(half);
        Assert.Equal(PinValue.Low, gpio.Read(Pin));

        pattern = LedPattern.On;
        time.Advance(half);
        Assert.Equal(PinValue.High, gpio.Read(Pin));
        time.Advance(half);
        Assert.Equal(PinValue.High, gpio.Read(Pin));

        pattern = LedPattern.Blink;
        var levels = new List<PinValue>();
        for (int i = 0; i < 4; i++)
        {
            time.Advance(half);
            levels.Add(gpio.Read(Pin));
        }

        Assert.Equal([PinValue.Low, PinValue.High, PinValue.Low, PinValue.High], levels);

        pattern = LedPattern.Off;
        time.Advance(half);
        Assert.Equal(PinValue.Low, gpio.Read(Pin));
    }

    [Fact]
    public void An_active_low_led_is_lit_by_a_low_level_and_left_dark_on_dispose()
    {
        var driver = new SimulatedGpioDriver();
        using var gpio = new GpioController(driver);
        var time = new FakeTimeProvider();
        var led = new AlertLed(gpio, Pin, time, () => LedPattern.On, activeHigh: false);
        Assert.Equal(PinValue.High, gpio.Read(Pin));
        time.Advance(AlertLed.BlinkHalfPeriod);
        Assert.Equal(PinValue.Low, gpio.Read(Pin));
        Assert.True(led.IsLit);
        led.Dispose();
        Assert.False(gpio.IsPinOpen(Pin));
    }

    [Fact]
    public void A_failing_state_source_is_reported_as_a_fault_and_cleared_when_it_recovers()
    {
        var driver = new SimulatedGpioDriver();
        using var gpio = new GpioController(driver);
        var time = new FakeTimeProvider();
        var faults = new FaultBoard(time);
        bool broken = true;
        using var led = new AlertLed(gpio, Pin, time, () => broken ? throw new InvalidOperationException("database is locked") : LedPattern.Off, faults: faults);

        time.Advance(AlertLed.BlinkHalfPeriod);
        Assert.True(faults.Has(AlertLed.FaultComponent));
        broken = false;
        time.Advance(AlertLed.BlinkHalfPeriod);
        Assert.False(faults.Has(AlertLed.FaultComponent));
    }

    [Fact]
    public async Task The_led_shows_the_gateway_state_from_the_alert_store_and_fault_board()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var driver = new SimulatedGpioDriver();
        using var gpio = new GpioController(driver);
        var time = new FakeTimeProvider();
        using var led = new AlertLed(gpio, Pin, time, () => AlertLed.PatternFor(gateway.Alerts.CountOpen(), gateway.Faults.Snapshot().Count));

        time.Advance(AlertLed.BlinkHalfPeriod);
        Assert.Equal(PinValue.Low, gpio.Read(Pin));
        var alert = gateway.Raise("m1", AlertKind.TamperBurst, "5 tamper events");
        time.Advance(AlertLed.BlinkHalfPeriod);
        Assert.Equal(PinValue.High, gpio.Read(Pin));
        gateway.Alerts.Acknowledge(alert.Id, "Ana", gateway.Time.GetUtcNow());
        time.Advance(AlertLed.BlinkHalfPeriod);
        Assert.Equal(PinValue.Low, gpio.Read(Pin));
        gateway.Faults.Report("storage", "disk full");
        time.Advance(AlertLed.BlinkHalfPeriod);
        var first = gpio.Read(Pin);
        time.Advance(AlertLed.BlinkHalfPeriod);
        Assert.NotEqual(first, gpio.Read(Pin));
    }
}
