using System.Device.Gpio;
using Edge.Runtime.Health;

namespace Edge.Runtime.Alerts;

/// <summary>What the alert LED shows.</summary>
public enum LedPattern
{
    /// <summary>No open alert and no fault.</summary>
    Off,

    /// <summary>Steady: at least one alert is open and unacknowledged.</summary>
    On,

    /// <summary>Blinking: a fault is active.</summary>
    Blink,
}

/// <summary>
/// Drives an LED (or relay) on one GPIO output pin from the gateway's state, so that someone walking past the cabinet
/// sees whether it needs a technician. The state is sampled every <see cref="BlinkHalfPeriod"/> on the
/// <see cref="TimeProvider"/>'s timer, which is also the blink clock. Takes the controller rather than opening hardware,
/// so tests run on a simulated driver with a fake clock.
/// </summary>
public sealed class AlertLed : IDisposable
{
    /// <summary>Half of the blink period (1 Hz blink), and the sampling period of the pattern.</summary>
    public static readonly TimeSpan BlinkHalfPeriod = TimeSpan.FromMilliseconds(500);

    /// <summary>The component name under which a failing LED pin is reported on the fault board.</summary>
    public const string FaultComponent = "alert-led";

    private readonly GpioController _gpio;
    private readonly int _pin;
    private readonly Func<LedPattern> _pattern;
    private readonly FaultBoard? _faults;
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private readonly bool _activeHigh;
    private bool _lit;
    private bool _disposed;

    /// <param name="pattern">Called on every tick; see <see cref="PatternFor"/>.</param>
    /// <param name="activeHigh">True when a high level lights the LED (or closes the relay).</param>
    /// <param name="faults">Where a pin that cannot be written is reported; null to ignore.</param>
    public AlertLed(GpioController gpio, int pin, TimeProvider time, Func<LedPattern> pattern, bool activeHigh = true, FaultBoard? faults = null)
    {
        ArgumentNullException.ThrowIfNull(gpio);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(pattern);
        _gpio = gpio;
        _pin = pin;
        _pattern = pattern;
        _faults = faults;
        _activeHigh = activeHigh;
        _gpio.OpenPin(pin, PinMode.Output, LevelFor(lit: false));
        _timer = time.CreateTimer(_ => Tick(), null, BlinkHalfPeriod, BlinkHalfPeriod);
    }

    /// <summary>
    /// A fault outranks open alerts: while part of the gateway is not working, a steady light could not be trusted to
    /// mean "all alerts are known", so the technician is told to look at the page first.
    /// </summary>
    public static LedPattern PatternFor(int openUnacknowledgedAlerts, int activeFaults) =>
        activeFaults > 0 ? LedPattern.Blink
        : openUnacknowledgedAlerts > 0 ? LedPattern.On
        : LedPattern.Off;

    /// <summary>Whether the LED was last switched on.</summary>
    public bool IsLit
    {
        get
        {
            lock (_gate)
            {
                return _lit;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _timer.Dispose();
        try
        {
            _gpio.Write(_pin, LevelFor(lit: false));
            _gpio.ClosePin(_pin);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // Shutting down: a pin that cannot be switched off is reported nowhere useful any more.
        }
    }

    private PinValue LevelFor(bool lit) => lit == _activeHigh ? PinValue.High : PinValue.Low;

    private void Tick()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                bool lit = _pattern() switch
                {
                    LedPattern.On => true,
                    LedPattern.Blink => !_lit,
                    _ => false,
                };
                _gpio.Write(_pin, LevelFor(lit));
                _lit = lit;
                _faults?.Clear(FaultComponent);
            }
            catch (Exception e)
            {
                // A timer callback must not throw (it would end the daemon); the state source or the pin failed,
                // so say so where the technician looks and try again on the next tick.
                _faults?.Report(FaultComponent, $"alert LED on GPIO line {_pin} not updated: {e.Message}");
            }
        }
    }
}
