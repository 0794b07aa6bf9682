using System.Threading.Channels;
using Edge.MeterAdapter.Readings;

namespace Edge.Runtime.Ingest;

/// <summary>
/// Meters → one bounded channel → the writer. Every source runs on its own task; a full channel makes the sources wait
/// (it never drops). Sources that block on a serial line do so on reading threads of their own
/// (<see cref="Edge.MeterAdapter.Transport.ReadingThread"/>), so these tasks hold no thread-pool worker while they wait. Stopping cancels the sources, then completes the channel so the writer flushes everything it
/// received into the store before <see cref="RunAsync"/> returns.
/// </summary>
public sealed class IngestPipeline
{
    private readonly IReadOnlyList<IMeterSource> _sources;
    private readonly ReadingWriter _writer;
    private readonly Channel<MeterReading> _channel;

    public IngestPipeline(IReadOnlyList<IMeterSource> sources, ReadingWriter writer, int capacity)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _sources = sources;
        _writer = writer;
        _channel = Channel.CreateBounded<MeterReading>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public ReadingWriter Writer => _writer;

    /// <summary>Readings accepted from the meters but not yet taken by the writer.</summary>
    public int Queued => _channel.Reader.Count;

    /// <summary>
    /// Runs until <paramref name="stop"/> is cancelled, then flushes. <paramref name="abandon"/> cuts the flush short
    /// (the service manager's stop timeout).
    /// </summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken abandon)
    {
        var writing = Task.Run(() => _writer.RunAsync(_channel.Reader, abandon), CancellationToken.None);
        var reading = _sources.Select(s => Task.Run(() => s.RunAsync(_channel.Writer, stop), CancellationToken.None)).ToList();
        try
        {
            await Task.WhenAll(reading).ConfigureAwait(false);
        }
        finally
        {
            _channel.Writer.TryComplete();
            await writing.ConfigureAwait(false);
        }
    }
}
