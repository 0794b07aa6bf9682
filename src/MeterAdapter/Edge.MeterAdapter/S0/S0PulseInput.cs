using System.Device.Gpio;
using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.S0;

/// <summary>
/// One S0 or LED pulse line on a GPIO pin. Listens to both edges (the trailing edge is needed to check the pulse
/// width) and counts one impulse per accepted pulse. Edge events from System.Device.Gpio carry no timestamp, so the
/// time is taken from the injected <see cref="TimeProvider"/> inside the callback; callback latency adds jitter to
/// power, never to energy.
/// </summary>
public sealed class S0PulseInput : IDisposable
{
    private readonly GpioController _controller;
    private readonly bool _shouldDispose;
    private readonly int _pin;
    private readonly S0Options _options;
    private readonly TimeProvider _time;
    private readonly S0PulseDetector _detector;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <param name="controller">Controller built on a real driver (LibGpiodV2Driver) or on <see cref="SimulatedGpioDriver"/>.</param>
    /// <param name="pin">Logical (BCM) pin number.</param>
    /// <param name="shouldDispose">Whether disposing this input disposes the controller too.</param>
    public S0PulseInput(GpioController controller, int pin, S0Options options, TimeProvider time, bool shouldDispose = false)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _controller = controller;
        _shouldDispose = shouldDispose;
        _pin = pin;
        _options = options;
        _time = time;

        // The pull resistor holds the line at its idle level: pull-up when a pulse pulls the line low, else pull-down.
        var mode = options.ActiveLevel == PinValue.Low ? PinMode.InputPullUp : PinMode.InputPullDown;
        _controller.OpenPin(pin, mode);
        _detector = new S0PulseDetector(options, _controller.Read(pin) == options.ActiveLevel, time.GetUtcNow());
        _controller.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising | PinEventTypes.Falling, OnPinChanged);
    }

    public RejectTally<S0RejectReason> Rejects => _detector.Rejects;

    public long Pulses
    {
        get
        {
            lock (_gate)
            {
                return _detector.Pulses;
            }
        }
    }

    public S0LineFault Fault
    {
        get
        {
            lock (_gate)
            {
                return _detector.FaultAt(_time.GetUtcNow());
            }
        }
    }

    /// <summary>The counted energy and current power as a reading; power is absent while the line is stuck.</summary>
    public MeterReading Read()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            return new MeterReading
            {
                MeterId = _options.LineName,
                Protocol = MeterProtocol.S0Pulse,
                GatewayTime = now,
                Energy = new EnergyRegisters { ImportTotalWh = _detector.EnergyWh },
                Instant = new InstantaneousValues { ImportPowerW = _detector.PowerWAt(now) },
                Quality = ReadingQuality.Derived,
            };
        }
    }

    private void OnPinChanged(object sender, PinValueChangedEventArgs args)
    {
        var level = args.ChangeType == PinEventTypes.Rising ? PinValue.High : PinValue.Low;
        lock (_gate)
        {
            if (!_disposed)
            {
                _detector.OnLevelChanged(level == _options.ActiveLevel, _time.GetUtcNow());
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

        _controller.UnregisterCallbackForPinValueChangedEvent(_pin, OnPinChanged);
        _controller.ClosePin(_pin);
        if (_shouldDispose)
        {
            _controller.Dispose();
        }
    }
}
