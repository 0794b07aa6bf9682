using System.Device.Gpio;
using Edge.MeterAdapter.S0;
using Microsoft.Extensions.Time.Testing;

namespace Edge.MeterAdapter.Tests.S0;

/// <summary>
/// A scripted sequence of line levels at offsets from a start time, built as the physical line would behave
/// (clean pulses, bounce bursts, spikes), and replayed onto a <see cref="SimulatedGpioDriver"/> under a fake clock.
/// </summary>
internal sealed class PulseTrain(PinValue activeLevel)
{
    private readonly List<(TimeSpan At, PinValue Level)> _steps = [];
    private readonly PinValue _idle = activeLevel == PinValue.Low ? PinValue.High : PinValue.Low;

    public TimeSpan End { get; private set; }

    public static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    /// <summary>The line sits idle for <paramref name="duration"/>.</summary>
    public PulseTrain Idle(TimeSpan duration) => Hold(_idle, duration);

    /// <summary>The line sits active for <paramref name="duration"/>.</summary>
    public PulseTrain Active(TimeSpan duration) => Hold(activeLevel, duration);

    /// <summary><paramref name="count"/> clean pulses of <paramref name="width"/>, one every <paramref name="period"/>.</summary>
    public PulseTrain Pulses(int count, TimeSpan width, TimeSpan period)
    {
        for (var i = 0; i < count; i++)
        {
            Active(width).Idle(period - width);
        }

        return this;
    }

    /// <summary>A contact that chatters: <paramref name="flips"/> short active/idle pairs of <paramref name="each"/>.</summary>
    public PulseTrain Bounce(int flips, TimeSpan each)
    {
        for (var i = 0; i < flips; i++)
        {
            Active(each).Idle(each);
        }

        return this;
    }

    public void PlayOn(SimulatedGpioDriver driver, int pin, FakeTimeProvider clock)
    {
        var start = clock.GetUtcNow();
        foreach (var (at, level) in _steps)
        {
            clock.SetUtcNow(start + at);
            driver.DriveInput(pin, level);
        }

        clock.SetUtcNow(start + End);
    }

    private PulseTrain Hold(PinValue level, TimeSpan duration)
    {
        _steps.Add((End, level));
        End += duration;
        return this;
    }
}
