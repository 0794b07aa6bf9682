using System.Device.Gpio;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.S0;
using Microsoft.Extensions.Time.Testing;
using static Edge.MeterAdapter.Tests.S0.PulseTrain;

namespace Edge.MeterAdapter.Tests.S0;

public sealed class S0PulseInputTests : IDisposable
{
    private const int Pin = 17;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly SimulatedGpioDriver _driver = new();
    private readonly GpioController _controller;

    public S0PulseInputTests() => _controller = new GpioController(_driver);

    public void Dispose() => _controller.Dispose();

    private S0PulseInput Open(int impulsesPerKwh = 1000, PinValue? activeLevel = null) =>
        new(_controller, Pin, new S0Options { LineName = "s0-main", ImpulsesPerKwh = impulsesPerKwh, ActiveLevel = activeLevel ?? PinValue.Low }, _clock);

    private void Play(PulseTrain train) => train.PlayOn(_driver, Pin, _clock);

    [Fact]
    public void Clean_pulses_count_once_each_although_both_edges_are_seen()
    {
        using var input = Open();
        Play(new PulseTrain(PinValue.Low).Idle(Ms(500)).Pulses(10, Ms(30), Ms(200)));

        Assert.Equal(10, input.Pulses);
        Assert.Equal(0, input.Rejects.Total);
        var reading = input.Read();
        Assert.Equal("s0-main", reading.MeterId);
        Assert.Equal(MeterProtocol.S0Pulse, reading.Protocol);
        Assert.Equal(ReadingQuality.Derived, reading.Quality);
        // 10 pulses at 1000 imp/kWh = 10 Wh.
        Assert.Equal(10, reading.Energy.ImportTotalWh);
        // One pulse every 0.2 s at 1000 imp/kWh: P = 3.6e6 / (1000 × 0.2) = 18 000 W.
        Assert.Equal(18_000, reading.Instant.ImportPowerW!.Value, 6);
    }

    [Fact]
    public void Eight_hundred_impulses_per_kwh_carries_the_quarter_watt_hours()
    {
        using var input = Open(impulsesPerKwh: 800);
        Play(new PulseTrain(PinValue.Low).Idle(Ms(500)));

        // Each pulse is 1000/800 = 1.25 Wh: running totals 1.25, 2.5, 3.75, 5, 6.25, 7.5, 8.75, 10 → whole Wh below.
        long[] expected = [1, 2, 3, 5, 6, 7, 8, 10];
        foreach (var wh in expected)
        {
            Play(new PulseTrain(PinValue.Low).Pulses(1, Ms(40), Ms(300)));
            Assert.Equal(wh, input.Read().Energy.ImportTotalWh);
        }

        // 800 more pulses are exactly one more kWh: no drift from the fractions.
        Play(new PulseTrain(PinValue.Low).Pulses(800, Ms(40), Ms(300)));
        Assert.Equal(1010, input.Read().Energy.ImportTotalWh);
    }

    [Fact]
    public void Contact_bounce_on_both_edges_counts_one_pulse_per_press()
    {
        using var input = Open();
        var train = new PulseTrain(PinValue.Low).Idle(Ms(500));
        for (var i = 0; i < 5; i++)
        {
            // 3 chatters of 1 ms, a 40 ms closed contact, 2 chatters on release, then rest.
            train.Bounce(3, Ms(1)).Active(Ms(40)).Idle(Ms(1)).Bounce(2, Ms(1)).Idle(Ms(400));
        }

        Play(train);

        Assert.Equal(5, input.Pulses);
        // Per press: 3 + 2 chatter stretches are too short, and the two 1 ms dropouts on release (after the long
        // contact and between the release chatters) are gaps inside the pulse.
        Assert.Equal(5 * 5, input.Rejects[S0RejectReason.PulseTooShort]);
        Assert.Equal(5 * 2, input.Rejects[S0RejectReason.GapTooShort]);
    }

    [Fact]
    public void Spikes_on_a_long_wire_are_not_pulses()
    {
        using var input = Open();
        var train = new PulseTrain(PinValue.Low).Idle(Ms(500));
        for (var i = 0; i < 4; i++)
        {
            train.Active(Ms(30)).Idle(Ms(100)).Active(Ms(0.05)).Idle(Ms(100)).Active(Ms(2)).Idle(Ms(100));
        }

        Play(train);

        Assert.Equal(4, input.Pulses);
        Assert.Equal(8, input.Rejects[S0RejectReason.PulseTooShort]);
    }

    [Fact]
    public void Short_dropout_inside_a_pulse_does_not_split_it()
    {
        using var input = Open();
        Play(new PulseTrain(PinValue.Low).Idle(Ms(500)).Active(Ms(40)).Idle(Ms(3)).Active(Ms(40)).Idle(Ms(500)));

        Assert.Equal(1, input.Pulses);
        Assert.Equal(1, input.Rejects[S0RejectReason.GapTooShort]);
    }

    [Fact]
    public void Line_stuck_active_counts_nothing_and_is_a_fault_until_released()
    {
        using var input = Open();
        Play(new PulseTrain(PinValue.Low).Idle(Ms(500)).Pulses(2, Ms(30), Ms(200)));
        Play(new PulseTrain(PinValue.Low).Active(TimeSpan.FromMinutes(10)));

        Assert.Equal(2, input.Pulses);
        Assert.Equal(S0LineFault.StuckActive, input.Fault);
        var stuck = input.Read();
        Assert.Null(stuck.Instant.ImportPowerW);
        Assert.Equal(2, stuck.Energy.ImportTotalWh);

        // Released: the long stretch is rejected, the fault clears and counting resumes.
        Play(new PulseTrain(PinValue.Low).Idle(Ms(500)).Pulses(3, Ms(30), Ms(200)));
        Assert.Equal(S0LineFault.None, input.Fault);
        Assert.Equal(1, input.Rejects[S0RejectReason.PulseTooLong]);
        Assert.Equal(5, input.Pulses);
    }

    [Fact]
    public void Led_sensor_with_rising_edge_counts_high_pulses()
    {
        using var input = Open(impulsesPerKwh: 10_000, activeLevel: PinValue.High);
        Play(new PulseTrain(PinValue.High).Idle(Ms(500)).Pulses(25, Ms(40), Ms(100)));

        Assert.Equal(25, input.Pulses);
        // 25 pulses at 10 000 imp/kWh = 2.5 Wh → 2 whole Wh.
        Assert.Equal(2, input.Read().Energy.ImportTotalWh);
        // One pulse per 0.1 s at 10 000 imp/kWh: P = 3.6e6 / (10 000 × 0.1) = 3 600 W.
        Assert.Equal(3_600, input.Read().Instant.ImportPowerW!.Value, 6);
    }

    [Fact]
    public void Power_decays_when_pulses_stop()
    {
        using var input = Open();
        Play(new PulseTrain(PinValue.Low).Idle(Ms(500)).Pulses(3, Ms(30), TimeSpan.FromSeconds(2)));
        // The last pulse started 2 s before the train ended; wait until 8 s have passed since it started.
        _clock.Advance(TimeSpan.FromSeconds(6));

        // Period 2 s gives 3.6e6 / (1000 × 2) = 1800 W, but 8 s without a pulse bounds it to 3.6e6 / (1000 × 8) = 450 W.
        Assert.Equal(450, input.Read().Instant.ImportPowerW!.Value, 6);
    }

    [Fact]
    public void A_pulse_already_under_way_at_start_is_not_counted()
    {
        _controller.OpenPin(Pin, PinMode.InputPullUp);
        _driver.DriveInput(Pin, PinValue.Low);
        _controller.ClosePin(Pin);
        using var input = Open();

        Play(new PulseTrain(PinValue.Low).Active(Ms(20)).Idle(Ms(500)).Pulses(2, Ms(30), Ms(200)));

        Assert.Equal(2, input.Pulses);
    }

    [Fact]
    public void Disposed_input_stops_counting_and_releases_the_pin()
    {
        var input = Open();
        Play(new PulseTrain(PinValue.Low).Idle(Ms(500)).Pulses(1, Ms(30), Ms(200)));
        input.Dispose();

        Assert.False(_controller.IsPinOpen(Pin));
        Assert.Equal(1, input.Pulses);
    }

    [Fact]
    public void Options_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Open(impulsesPerKwh: 0));
    }
}
