using System.Threading.Channels;
using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Transport;
using Edge.Runtime.Health;

namespace Edge.Runtime.Ingest;

/// <summary>
/// A DSMR P1 port. Unless the config fixes the framing, it is detected on the live port first: each candidate
/// (115200 8N1, 115200 7E1, 9600 7E1) is opened in turn and the first one under which a CRC-valid (or, at 9600 baud,
/// well-formed) telegram arrives wins; the choice is shown on the meter's status. Then telegrams are decoded by
/// <see cref="DsmrMeterReader"/> on the same transport, whose watchdog reopens a stale or vanished port.
/// </summary>
public sealed class DsmrMeterSource : IMeterSource, IDisposable
{
    private readonly SerialTransport _transport;
    private readonly SerialSettings? _fixedSettings;
    private readonly MeterStatus _status;
    private readonly TimeProvider _time;
    private readonly SerialFaultReporter _faults;
    private readonly TimeSpan _captureWindow;

    /// <summary>
    /// How long bytes may arrive without a valid telegram before the meter is a fault: three telegram periods of
    /// DSMR 2.2 to 4.2 (10 s; DSMR 5 sends every 1 s), so one or two corrupted telegrams never raise it.
    /// </summary>
    public static readonly TimeSpan NoValidTelegramWindow = TimeSpan.FromSeconds(30);

    /// <param name="fixedSettings">Framing from the config, or null to detect it.</param>
    /// <param name="captureWindow">How long to listen under each candidate framing: two or three telegram periods.</param>
    /// <param name="transportOptions">Stale-port watchdog and reopen backoff; the transport's defaults fit DSMR 5.</param>
    public DsmrMeterSource(
        string meterId,
        ISerialDevice device,
        SerialSettings? fixedSettings,
        MeterStatusBoard board,
        FaultBoard faults,
        TimeProvider time,
        TimeSpan captureWindow,
        SerialTransportOptions? transportOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        ArgumentNullException.ThrowIfNull(board);
        MeterId = meterId;
        _fixedSettings = fixedSettings;
        _time = time;
        _captureWindow = captureWindow;
        _status = board.For(meterId, "dsmr");
        _transport = new SerialTransport(device, fixedSettings ?? SerialSettings.Dsmr5, transportOptions ?? new SerialTransportOptions(), time);
        _faults = new SerialFaultReporter(_transport, _status, faults);
    }

    public string MeterId { get; }

    public async Task RunAsync(ChannelWriter<MeterReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        try
        {
            var choice = await ChooseFramingAsync(cancellationToken).ConfigureAwait(false);
            _transport.Reconfigure(choice.Settings);
            var reader = new DsmrMeterReader(_transport, choice.Options, _time);
            // Each reject reaches the board when the decoder counts it, not with the next good telegram: a meter whose
            // telegrams all fail (bad cable, tampered meter) must show them on the page, the API and the metrics.
            var counters = reader.Counters;
            counters.Rejected += reason => _status.SetRejects(reason.ToString(), counters.Rejects[reason]);
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watch = WatchForValidTelegramsAsync(reader, watching.Token);
            var loop = reader.RunAsync(cancellationToken);
            try
            {
                await foreach (var reading in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    _faults.ReadingArrived();
                    await readings.WriteAsync(reading with { MeterId = MeterId }, cancellationToken).ConfigureAwait(false);
                    _status.Received();
                }

                await loop.ConfigureAwait(false);
            }
            finally
            {
                await watching.CancelAsync().ConfigureAwait(false);
                await watch.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    /// <summary>
    /// Bytes keep arriving but no telegram passes its checks for a whole <see cref="NoValidTelegramWindow"/>: a bad cable,
    /// a wrong baud rate or parity, a meter sending corrupted telegrams. The transport sees only silence, so this is the
    /// source's own meter fault, like a polled meter's failed readouts; the next good telegram clears it
    /// (<see cref="SerialFaultReporter.ReadingArrived"/>). A silent or missing port is left to the transport's fault.
    /// </summary>
    private async Task WatchForValidTelegramsAsync(DsmrMeterReader reader, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(NoValidTelegramWindow, _time);
        var accepted = reader.Counters.Accepted;
        var bytes = reader.BytesProcessed;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var (acceptedNow, bytesNow) = (reader.Counters.Accepted, reader.BytesProcessed);
                if (acceptedNow == accepted && bytesNow > bytes)
                {
                    _faults.Report(
                        $"no valid telegram for {NoValidTelegramWindow.TotalSeconds:0} s while bytes arrive; " +
                        $"{reader.Counters.Rejects.Total} rejected since start, last {reader.Counters.LastReject}");
                }

                (accepted, bytes) = (acceptedNow, bytesNow);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The telegram loop ended.
        }
    }

    public void Dispose() => _transport.Dispose();

    private async Task<DsmrFramingChoice> ChooseFramingAsync(CancellationToken cancellationToken)
    {
        if (_fixedSettings is not null)
        {
            _status.SetFraming($"{_fixedSettings} from config");
            return new DsmrFramingChoice(_fixedSettings, new DsmrOptions(), Checked: false);
        }

        var backoff = TimeSpan.FromSeconds(5);
        while (true)
        {
            var choice = await DsmrFramingDetector.DetectAsync(DsmrFramingDetector.DefaultCandidates, CaptureAsync, cancellationToken).ConfigureAwait(false);
            if (choice is not null)
            {
                _status.SetFraming($"{choice.Settings} detected{(choice.Checked ? ", CRC valid" : ", no CRC (DSMR 2.2/3)")}");
                return choice;
            }

            _faults.Report($"no DSMR telegram under any framing ({string.Join(", ", DsmrFramingDetector.DefaultCandidates)}); retrying");
            await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(5).Ticks));
        }
    }

    /// <summary>The bytes the port delivers under <paramref name="settings"/> within the capture window.</summary>
    private Task<byte[]> CaptureAsync(SerialSettings settings, CancellationToken cancellationToken)
    {
        _transport.Reconfigure(settings);
        _status.SetTransport("detecting", $"listening at {settings}");
        // Blocking reads for a whole window: on a reading thread, like the telegram loop, not on a pool worker.
        return ReadingThread.Start($"P1 detect {MeterId}", () =>
        {
            using var captured = new MemoryStream();
            var buffer = new byte[4096];
            var until = _time.GetUtcNow() + _captureWindow;
            while (_time.GetUtcNow() < until)
            {
                var read = _transport.Read(buffer, cancellationToken);
                captured.Write(buffer, 0, read);
            }

            return captured.ToArray();
        });
    }
}
