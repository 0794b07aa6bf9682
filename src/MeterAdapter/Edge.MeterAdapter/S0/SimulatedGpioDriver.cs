using System.Device.Gpio;

namespace Edge.MeterAdapter.S0;

/// <summary>
/// A GPIO driver with no hardware behind it: the outside world (a test or the meter simulator) sets input levels with
/// <see cref="DriveInput"/>, and edge callbacks fire synchronously on the caller's thread, exactly once per level change.
/// Pair it with a fake clock so that pulse trains, bounce and stuck lines replay deterministically.
/// </summary>
public sealed class SimulatedGpioDriver : GpioDriver
{
    private readonly int _pinCount;
    // A monitor rather than System.Threading.Lock: WaitForEvent needs Monitor.Wait/PulseAll.
    private readonly object _gate = new();
    private readonly Dictionary<int, SimulatedPin> _pins = [];

    // What the outside circuit drives, per pin; it persists while the pin is closed, like a real wire.
    private readonly Dictionary<int, PinValue> _driven = [];

    public SimulatedGpioDriver(int pinCount = 28)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pinCount);
        _pinCount = pinCount;
    }

    protected override int PinCount => _pinCount;

    /// <summary>
    /// Sets the level an external circuit drives onto a pin (open or not); fires Rising/Falling callbacks when an open
    /// pin's level changes.
    /// </summary>
    public void DriveInput(int pinNumber, PinValue level)
    {
        List<(PinEventTypes Types, PinChangeEventHandler Handler)> toCall;
        PinEventTypes change;
        lock (_gate)
        {
            _driven[pinNumber] = level;
            if (!_pins.TryGetValue(pinNumber, out var pin))
            {
                return;
            }

            var previous = pin.Level;
            pin.Level = level;
            if (previous == level)
            {
                return;
            }

            change = level == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            toCall = [.. pin.Callbacks.Where(c => (c.Types & change) != 0)];
            Monitor.PulseAll(_gate);
        }

        var args = new PinValueChangedEventArgs(change, pinNumber);
        foreach (var (_, handler) in toCall)
        {
            handler(this, args);
        }
    }

    protected override void OpenPin(int pinNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pinNumber);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pinNumber, _pinCount);
        lock (_gate)
        {
            _pins.TryAdd(pinNumber, new SimulatedPin());
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_gate)
        {
            _pins.Remove(pinNumber);
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_gate)
        {
            var pin = OpenedPin(pinNumber);
            pin.Mode = mode;
            // A driven input follows the circuit; an undriven one rests where its pull resistor holds it.
            if (mode is PinMode.InputPullUp or PinMode.InputPullDown or PinMode.Input)
            {
                pin.Level = _driven.TryGetValue(pinNumber, out var driven) ? driven
                    : mode == PinMode.InputPullUp ? PinValue.High : PinValue.Low;
            }
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_gate)
        {
            return OpenedPin(pinNumber).Mode;
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.InputPullUp or PinMode.InputPullDown or PinMode.Output;

    protected override PinValue Read(int pinNumber)
    {
        lock (_gate)
        {
            return OpenedPin(pinNumber).Level;
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_gate)
        {
            var pin = OpenedPin(pinNumber);
            if (pin.Mode != PinMode.Output)
            {
                throw new InvalidOperationException($"Simulated GPIO pin {pinNumber} is in mode {pin.Mode}; only an output can be written.");
            }

            pin.Level = value;
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var pin = OpenedPin(pinNumber);
            var start = pin.Level;
            using var wake = cancellationToken.Register(() =>
            {
                lock (_gate)
                {
                    Monitor.PulseAll(_gate);
                }
            });
            while (!cancellationToken.IsCancellationRequested)
            {
                if (pin.Level != start)
                {
                    var change = pin.Level == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
                    if ((eventTypes & change) != 0)
                    {
                        return new WaitForEventResult { EventTypes = change, TimedOut = false };
                    }

                    start = pin.Level;
                }

                Monitor.Wait(_gate);
            }

            return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
        }
    }

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            OpenedPin(pinNumber).Callbacks.Add((eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            OpenedPin(pinNumber).Callbacks.RemoveAll(c => c.Handler == callback);
        }
    }

    private SimulatedPin OpenedPin(int pinNumber) =>
        _pins.TryGetValue(pinNumber, out var pin) ? pin : throw new InvalidOperationException($"Simulated GPIO pin {pinNumber} is not open.");

    private sealed class SimulatedPin
    {
        public PinMode Mode { get; set; } = PinMode.Input;

        public PinValue Level { get; set; } = PinValue.Low;

        public List<(PinEventTypes Types, PinChangeEventHandler Handler)> Callbacks { get; } = [];
    }
}
