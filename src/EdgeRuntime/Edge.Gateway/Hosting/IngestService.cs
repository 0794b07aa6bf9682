using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Edge.Runtime.Ingest;
using Edge.Runtime.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Hosting;

/// <summary>
/// Runs the ingest pipeline (meters → channel → writer → store) for the life of the host. Stop (SIGTERM) cancels the
/// meter sources and then waits for the writer to flush every queued reading into the store.
/// </summary>
internal sealed partial class IngestService(
    GatewayConfig config,
    GatewayHostOptions options,
    MeterStatusBoard board,
    FaultBoard faults,
    PipelineHeartbeat heartbeat,
    IServiceProvider services,
    ILogger<IngestService> log) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abandon = new();
    private ReadingStore? _store;
    private MeterSourceSet? _built;
    private Task? _running;

    /// <summary>The writer of the running pipeline, for the harness and tests that count acknowledged readings.</summary>
    public ReadingWriter? Writer { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(config.DataPath);
        _store = ReadingStore.Open(new ReadingStoreOptions
        {
            DatabasePath = config.DatabasePath,
            RawRetention = TimeSpan.FromDays(config.Storage.RawRetentionDays),
        });
        var sources = options.MeterSources?.Invoke(services) ?? BuildSources(_store);
        RestoreLatestReadings(_store);
        Writer = new ReadingWriter(_store, board, faults, heartbeat, options.Time, new ReadingWriterOptions
        {
            MaxBatch = config.Storage.MaxBatch,
            MaxPending = Math.Max(config.Storage.MaxPendingReadings, config.Storage.MaxBatch),
        });
        var pipeline = new IngestPipeline(sources, Writer, config.Storage.QueueCapacity);
        LogStarting(log, sources.Count, config.DatabasePath);
        _running = Task.Run(() => pipeline.RunAsync(_stop.Token, _abandon.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_running is null)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        using var flushLimit = new CancellationTokenSource(options.FlushTimeout);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, flushLimit.Token);
        try
        {
            await _running.WaitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogAbandoned(log);
            await _abandon.CancelAsync().ConfigureAwait(false);
            await _running.ConfigureAwait(false);
        }

        LogStopped(log, Writer?.ReadingsStored ?? 0);
    }

    public void Dispose()
    {
        _built?.Dispose();
        _store?.Dispose();
        _stop.Dispose();
        _abandon.Dispose();
    }

    /// <summary>
    /// Each meter's newest stored reading onto its status (created by its source), before anything new is stored: after
    /// a restart the page, API and metrics show the last reading and its currents, not nothing until the next one.
    /// </summary>
    private void RestoreLatestReadings(ReadingStore store)
    {
        foreach (var meter in config.Meters)
        {
            if (board.Find(meter.Id) is { } status && store.Latest(meter.Id) is { } latest)
            {
                status.Restore(latest);
            }
        }
    }

    private IReadOnlyList<IMeterSource> BuildSources(ReadingStore store)
    {
        // S0 lines count from where their stored register left off, so a restart is not a register reset.
        var last = config.Meters
            .Where(m => m.Protocol == MeterProtocolName.S0)
            .Select(m => (m.Id, Wh: store.LatestImportWh(m.Id)))
            .Where(m => m.Wh is not null)
            .ToDictionary(m => m.Id, m => m.Wh!.Value, StringComparer.Ordinal);
        _built = MeterSourceFactory.Create(config.Meters, options.Hardware, board, faults, options.Time, last);
        return _built.Sources;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ingest: {Meters} meters, store {Database}")]
    private static partial void LogStarting(ILogger logger, int meters, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ingest: the store did not take the queued readings before the stop timeout; they are lost")]
    private static partial void LogAbandoned(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "ingest stopped after storing {Stored} readings")]
    private static partial void LogStopped(ILogger logger, long stored);
}
