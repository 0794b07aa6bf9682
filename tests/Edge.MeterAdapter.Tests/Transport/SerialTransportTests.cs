using Edge.MeterAdapter.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Edge.MeterAdapter.Tests.Transport;

public sealed class SerialTransportTests
{
    private static readonly SerialTransportOptions Options = new()
    {
        SilenceWindow = TimeSpan.FromSeconds(3),
        InitialBackoff = TimeSpan.FromSeconds(1),
        MaxBackoff = TimeSpan.FromSeconds(8),
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero));
    private readonly ScriptedSerialDevice _device = new();
    private readonly byte[] _buffer = new byte[64];

    [Fact]
    public async Task Bytes_are_returned_and_counted_and_the_port_opens_once()
    {
        using var transport = new SerialTransport(_device, SerialSettings.Dsmr5, Options, _time);
        _device.Send([1, 2, 3]);

        Assert.Equal(3, await transport.ReadAsync(_buffer, CancellationToken.None));
        Assert.Equal(0, await transport.ReadAsync(_buffer, CancellationToken.None));

        SerialTransportStatus status = transport.Status;
        Assert.Equal(SerialTransportState.Connected, status.State);
        Assert.Equal(3, status.BytesReceived);
        Assert.Equal(1, status.Opens);
        Assert.Equal(_time.GetUtcNow(), status.LastDataAt);
        Assert.Equal([SerialSettings.Dsmr5], _device.OpenedWith);
    }

    [Fact]
    public async Task Silence_shorter_than_the_window_keeps_the_port_open()
    {
        using var transport = new SerialTransport(_device, SerialSettings.Dsmr5, Options, _time);
        _device.Send([1]);
        await transport.ReadAsync(_buffer, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(2.999));
        Assert.Equal(0, await transport.ReadAsync(_buffer, CancellationToken.None));

        Assert.Equal(SerialTransportState.Connected, transport.Status.State);
        Assert.Equal(0, transport.Status.SilenceDetections);
        Assert.Equal(1, transport.Status.Opens);
    }

    [Fact]
    public async Task A_stale_port_is_closed_after_the_silence_window_and_reopened_at_once_and_data_resumes()
    {
        using var transport = new SerialTransport(_device, SerialSettings.Dsmr5, Options, _time);
        var changes = new List<SerialTransportStateChange>();
        transport.StateChanged += changes.Add;
        _device.Send([1]);
        await transport.ReadAsync(_buffer, CancellationToken.None);

        // Unplug-like staleness: IsOpen would stay true, reads return nothing.
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, await transport.ReadAsync(_buffer, CancellationToken.None));
        Assert.Equal(0, _device.OpenLinks);
        Assert.Equal(SerialTransportState.Reopening, transport.Status.State);

        _device.Send([7, 8]);
        ValueTask<int> read = transport.ReadAsync(_buffer, CancellationToken.None);
        Assert.True(read.IsCompleted, "the first reopen after data must not wait for a backoff");
        Assert.Equal(2, await read);

        SerialTransportStatus status = transport.Status;
        Assert.Equal(2, status.Opens);
        Assert.Equal(1, status.SilenceDetections);
        Assert.Equal(0, status.OpenFailures);
        Assert.Equal(
            [
                (SerialTransportState.Closed, SerialTransportState.Connected),
                (SerialTransportState.Connected, SerialTransportState.Silent),
                (SerialTransportState.Silent, SerialTransportState.Reopening),
                (SerialTransportState.Reopening, SerialTransportState.Connected),
            ],
            changes.Select(c => (c.Previous, c.Current)));
        Assert.Equal(_time.GetUtcNow(), changes[1].At);
    }

    [Fact]
    public async Task A_missing_device_is_retried_with_doubling_backoff_capped_at_the_maximum()
    {
        var clock = new TimerCountingClock(_time.GetUtcNow());
        _device.Present = false;
        DateTimeOffset start = clock.GetUtcNow();
        // Count every open attempt, not only state changes (DeviceMissing → DeviceMissing raises nothing).
        var attempts = new List<TimeSpan>();
        var probe = new ProbeDevice(_device, () =>
        {
            lock (attempts)
            {
                attempts.Add(clock.GetUtcNow() - start);
            }
        });
        using var transport = new SerialTransport(probe, SerialSettings.Dsmr5, Options, clock);
        int AttemptCount()
        {
            lock (attempts)
            {
                return attempts.Count;
            }
        }

        ValueTask<int> read = transport.ReadAsync(_buffer, CancellationToken.None);
        Assert.Equal(1, AttemptCount());
        // Expected delays before attempts 2..7: 1, 2, 4, then the 8 s cap three times.
        int wait = 0;
        foreach (int seconds in new[] { 1, 2, 4, 8, 8, 8 })
        {
            wait++;
            Eventually.True(() => clock.TimersCreated == wait, $"backoff delay {wait} started");
            int before = AttemptCount();
            clock.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromTicks(1));
            Assert.Equal(before, AttemptCount());
            clock.Advance(TimeSpan.FromTicks(1));
            Eventually.True(() => AttemptCount() == before + 1, $"attempt {before + 1}");
        }

        Assert.Equal(new[] { 0, 1, 3, 7, 15, 23, 31 }.Select(s => TimeSpan.FromSeconds(s)), attempts);
        Eventually.True(() => clock.TimersCreated == 7, "the seventh backoff delay started");
        Assert.Equal(SerialTransportState.DeviceMissing, transport.Status.State);
        Assert.Equal(7, transport.Status.OpenFailures);
        Assert.False(read.IsCompleted);

        // Plug it back in: the next attempt (after the capped 8 s) opens and data flows.
        _device.Present = true;
        _device.Send([42]);
        clock.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal(1, await read);
        Assert.Equal(SerialTransportState.Connected, transport.Status.State);
        Assert.Equal(1, transport.Status.Opens);
    }

    [Fact]
    public async Task A_reopened_port_that_stays_silent_backs_off_and_the_backoff_resets_when_data_arrives()
    {
        using var transport = new SerialTransport(_device, SerialSettings.Dsmr5, Options, _time);
        _device.Send([1]);
        await transport.ReadAsync(_buffer, CancellationToken.None);

        // Silence 1 at t=3 s: immediate reopen.
        _time.Advance(TimeSpan.FromSeconds(3));
        await transport.ReadAsync(_buffer, CancellationToken.None);
        Assert.Equal(0, await transport.ReadAsync(_buffer, CancellationToken.None));
        Assert.Equal(2, transport.Status.Opens);

        // Silence 2 at t=6 s (3 s after the reopen): next open waits InitialBackoff = 1 s.
        _time.Advance(TimeSpan.FromSeconds(3));
        await transport.ReadAsync(_buffer, CancellationToken.None);
        ValueTask<int> waiting = transport.ReadAsync(_buffer, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await waiting);
        Assert.Equal(3, transport.Status.Opens);

        // Data arrives: the failure count resets, so the next silence reopens at once again.
        _device.Send([5]);
        Assert.Equal(1, await transport.ReadAsync(_buffer, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(3));
        await transport.ReadAsync(_buffer, CancellationToken.None);
        Assert.True(transport.ReadAsync(_buffer, CancellationToken.None).IsCompleted);
        Assert.Equal(4, transport.Status.Opens);
        Assert.Equal(3, transport.Status.SilenceDetections);
    }

    [Fact]
    public async Task Failed_opens_are_counted_and_retried_after_backoff()
    {
        var clock = new TimerCountingClock(_time.GetUtcNow());
        using var transport = new SerialTransport(_device, SerialSettings.Dsmr5, Options, clock);
        _device.FailNextOpens = 2;
        _device.Send([9]);

        ValueTask<int> read = transport.ReadAsync(_buffer, CancellationToken.None);
        Assert.False(read.IsCompleted);
        Assert.Equal(1, transport.Status.OpenFailures);
        clock.Advance(TimeSpan.FromSeconds(1));
        Eventually.True(() => clock.TimersCreated == 2, "second open attempt failed and its backoff started");
        Assert.Equal(2, transport.Status.OpenFailures);
        Assert.False(read.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await read);
        Assert.Equal(2, transport.Status.OpenFailures);
    }

    [Fact]
    public async Task Switching_the_baud_rate_closes_and_reopens_with_the_same_framing_at_the_new_rate()
    {
        using var transport = new SerialTransport(_device, SerialSettings.Iec62056Start, Options, _time);
        await transport.WriteAsync("/?!\r\n"u8.ToArray(), CancellationToken.None);

        transport.SwitchBaudRate(9600);
        Assert.Equal(0, _device.OpenLinks);
        _device.Send([0x02]);
        Assert.Equal(1, await transport.ReadAsync(_buffer, CancellationToken.None));

        Assert.Equal(
            [new SerialSettings(300, 7, Parity.Even, StopBits.One), new SerialSettings(9600, 7, Parity.Even, StopBits.One)],
            _device.OpenedWith);
        Assert.Equal("9600 7E1", transport.Settings.ToString());
    }

    [Fact]
    public async Task Cancellation_during_backoff_stops_the_read()
    {
        using var transport = new SerialTransport(_device, SerialSettings.Dsmr5, Options, _time);
        _device.Present = false;
        using var cts = new CancellationTokenSource();
        ValueTask<int> read = transport.ReadAsync(_buffer, cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await read);
    }

    /// <summary>Wraps a device and reports every open attempt, including ones refused because the node is missing.</summary>
    private sealed class ProbeDevice(ScriptedSerialDevice inner, Action onAttempt) : ISerialDevice
    {
        public string Name => inner.Name;

        public bool IsPresent()
        {
            onAttempt();
            return inner.IsPresent();
        }

        public ISerialLink Open(SerialSettings settings) => inner.Open(settings);
    }
}
