using System.Threading.Channels;
using Edge.MeterAdapter.Readings;
using Edge.Runtime.Ingest;

namespace Edge.IngestHarness;

/// <summary>
/// A meter that produces <c>perTick</c> readings every <c>tick</c> on the real clock (10 per 50 ms = 200/s). Reading
/// number n has import register n Wh: the register identifies the reading in the store.
/// </summary>
internal sealed class SyntheticMeterSource(string meterId, long firstNumber, int perTick, TimeSpan tick) : IMeterSource
{
    public string MeterId => meterId;

    public async Task RunAsync(ChannelWriter<MeterReading> readings, CancellationToken cancellationToken)
    {
        var next = firstNumber;
        using var timer = new PeriodicTimer(tick);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                for (var i = 0; i < perTick; i++, next++)
                {
                    await readings.WriteAsync(
                        new MeterReading
                        {
                            MeterId = meterId,
                            Protocol = MeterProtocol.DsmrP1,
                            GatewayTime = DateTimeOffset.UtcNow,
                            Energy = new EnergyRegisters { ImportTotalWh = next },
                        },
                        cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }
}
