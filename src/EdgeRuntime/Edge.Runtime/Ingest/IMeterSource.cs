using System.Threading.Channels;
using Edge.MeterAdapter.Readings;

namespace Edge.Runtime.Ingest;

/// <summary>
/// One configured meter as a producer of readings. Readings carry the configured meter id (not the meter's own
/// equipment id), so alerts and the API use the names of the config file. The demo and tests plug in their own.
/// </summary>
public interface IMeterSource
{
    /// <summary>The configured meter id.</summary>
    string MeterId { get; }

    /// <summary>
    /// Reads the meter until cancelled, writing each good reading to <paramref name="readings"/> (waiting when it is
    /// full). Device faults are reported and retried inside; it returns only on cancellation.
    /// </summary>
    Task RunAsync(ChannelWriter<MeterReading> readings, CancellationToken cancellationToken);
}
