using System.Threading.Channels;
using Edge.MeterAdapter.Readings;
using Edge.Runtime.Ingest;

namespace Edge.Gateway.Demo;

/// <summary>
/// Runs a meter source on wall-clock time (serial timeouts, stale-port detection and pulse debouncing must see real
/// milliseconds) and stamps its readings with the gateway clock the rest of the pipeline runs on — in the demo, the
/// accelerated one. Without it, a 60-second telegram gap in accelerated time would look like an unplugged port.
/// </summary>
internal sealed class GatewayClockSource(IMeterSource inner, TimeProvider gatewayClock) : IMeterSource
{
    public string MeterId => inner.MeterId;

    public async Task RunAsync(ChannelWriter<MeterReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var own = Channel.CreateBounded<MeterReading>(64);
        var running = inner.RunAsync(own.Writer, cancellationToken);
        _ = running.ContinueWith(_ => own.Writer.TryComplete(), TaskScheduler.Default);
        try
        {
            await foreach (var reading in own.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await readings.WriteAsync(reading with { GatewayTime = gatewayClock.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }

        await running.ConfigureAwait(false);
    }
}
