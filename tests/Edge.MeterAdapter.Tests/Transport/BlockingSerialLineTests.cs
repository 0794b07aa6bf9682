using Edge.MeterAdapter.Modbus;
using Edge.MeterAdapter.Transport;

namespace Edge.MeterAdapter.Tests.Transport;

public sealed class BlockingSerialLineTests
{
    private static readonly SerialTransportOptions Options = new()
    {
        SilenceWindow = TimeSpan.FromSeconds(30),
        InitialBackoff = TimeSpan.FromSeconds(1),
        MaxBackoff = TimeSpan.FromSeconds(8),
    };

    private readonly TimerCountingClock _clock = new(new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero));
    private readonly ScriptedSerialDevice _device = new();

    [Fact]
    public void A_write_to_a_missing_device_waits_out_the_reopen_backoff_on_the_calling_thread()
    {
        _device.Present = false;
        using var transport = new SerialTransport(_device, SerialSettings.Sdm120, Options, _clock);
        var line = new BlockingSerialLine(transport);
        byte[] request = ReadInputRegisters.EncodeRequest(1, 0x0000, 2);
        var completedOnReturn = false;
        var caller = new Thread(() => completedOnReturn = line.WriteAsync(request, CancellationToken.None).IsCompletedSuccessfully);

        caller.Start();
        // The first open attempt found no device node; the caller now waits for the 1 s backoff (InitialBackoff).
        Eventually.True(() => _clock.TimersCreated == 1, "the reopen backoff started");
        Assert.True(caller.IsAlive, "the caller itself waits out the backoff");
        _device.Present = true;
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(caller.Join(TimeSpan.FromMinutes(2)), "the write returned once the device was back");
        // Completed before it returned: the reopen and the write ran on the caller, not on the timer's pool thread.
        Assert.True(completedOnReturn);
        Assert.Equal([request], _device.Written);
        Assert.Equal(SerialTransportState.Connected, transport.Status.State);
    }

    [Fact]
    public async Task Reads_return_what_the_port_delivered_and_stop_at_cancellation_without_touching_the_port()
    {
        using var transport = new SerialTransport(_device, SerialSettings.Sdm120, Options, _clock);
        var line = new BlockingSerialLine(transport);
        var buffer = new byte[16];
        _device.Send([0x01, 0x04]);

        ValueTask<int> read = line.ReadAsync(buffer, CancellationToken.None);
        Assert.True(read.IsCompletedSuccessfully);
        Assert.Equal(2, await read);

        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        _device.Send([0x02]);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => line.ReadAsync(buffer, stop.Token).AsTask());
        Assert.Equal(1, await line.ReadAsync(buffer, CancellationToken.None));
    }
}
