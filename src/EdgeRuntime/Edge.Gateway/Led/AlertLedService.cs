using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using Edge.Runtime.Alerts;
using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Microsoft.Extensions.Hosting;

namespace Edge.Gateway.Led;

/// <summary>
/// Opens the configured alert LED line (<c>alerts.led</c>) through libgpiod and lets <see cref="AlertLed"/> show the
/// gateway's state: on while an alert is open, blinking while a fault is active. A line that cannot be opened is a
/// fault on the board, not a reason to stop reading meters.
/// </summary>
internal sealed class AlertLedService(GpioOutputConfig line, AlertStore alerts, FaultBoard faults, TimeProvider time) : IHostedService, IDisposable
{
    private GpioController? _gpio;
    private AlertLed? _led;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        int offset = line.Line ?? throw new InvalidOperationException("alerts.led.line is required (validated with the config).");
        try
        {
            _gpio = new GpioController(new LibGpiodDriver(line.GpioChip));
            _led = new AlertLed(_gpio, offset, time, () => AlertLed.PatternFor(alerts.CountOpen(), faults.Snapshot().Count), line.ActiveHigh, faults);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or PlatformNotSupportedException or DllNotFoundException)
        {
            faults.Report(AlertLed.FaultComponent, $"alert LED on gpiochip{line.GpioChip} line {offset} cannot be opened: {e.Message}");
            Dispose();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _led?.Dispose();
        _led = null;
        _gpio?.Dispose();
        _gpio = null;
    }
}
