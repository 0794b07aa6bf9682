using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Transport;

namespace Edge.Gateway.Tests.Support;

/// <summary>
/// A DSMR 5 meter played on a pseudo-terminal's master side: one CRC-valid telegram every <c>interval</c>, its import
/// register one Wh higher each time, and the given events and current per phase (whole amperes, DSMR 5.0.2 F3(0,0)),
/// until disposed (which stops the loop and waits for it).
/// </summary>
internal sealed class PlayedDsmrMeter : IAsyncDisposable
{
    public const string EquipmentId = "E0044007316160217";

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private PlayedDsmrMeter(PseudoTerminal pty, TimeSpan interval, IReadOnlyList<double?> currentA, MeterEvents events) =>
        _loop = Task.Run(() => PlayAsync(pty, interval, currentA, events, _stop.Token));

    public static PlayedDsmrMeter Start(PseudoTerminal pty, TimeSpan interval, IReadOnlyList<double?>? currentA = null, MeterEvents? events = null) =>
        new(pty, interval, currentA ?? [], events ?? MeterEvents.Empty);

    private static async Task PlayAsync(PseudoTerminal pty, TimeSpan interval, IReadOnlyList<double?> currentA, MeterEvents events, CancellationToken stop)
    {
        long wh = 1_000;
        while (!stop.IsCancellationRequested)
        {
            var now = DateTimeOffset.UtcNow;
            var telegram = DsmrTelegramWriter.Write(
                new MeterReading
                {
                    MeterId = EquipmentId,
                    Protocol = MeterProtocol.DsmrP1,
                    GatewayTime = now,
                    MeterTime = now,
                    Energy = new EnergyRegisters { ImportTariff1Wh = wh++, ImportTariff2Wh = 0, ExportTariff1Wh = 0, ExportTariff2Wh = 0, ActiveTariff = 1 },
                    Instant = new InstantaneousValues { CurrentA = currentA },
                    Events = events,
                },
                DsmrVersion.V5);
            await pty.Master.WriteAsync(telegram, CancellationToken.None);
            try
            {
                await Task.Delay(interval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
