using Edge.MeterAdapter.Checksums;
using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Dsmr;

/// <summary>
/// Bytes in, readings out for one P1 port: frames the stream, checks CRC-16/ARC over '/' through '!' (DSMR P1
/// Companion Standard v5.0.2 §6.2), parses, and counts every reject by reason. A telegram that fails its CRC,
/// lacks a CRC its version requires, or has a malformed line never becomes a reading.
/// </summary>
public sealed class DsmrDecoder
{
    private readonly DsmrFramer _framer;
    private readonly List<DsmrFrame> _frames = [];

    public DsmrDecoder(DsmrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _framer = new DsmrFramer(Counters, options.MaxFrameLength, options.MaskParityBit);
    }

    public DsmrOptions Options { get; }

    public DsmrCounters Counters { get; } = new();

    /// <summary>The last telegram that became a reading (header, version), for status pages.</summary>
    public DsmrTelegram? LastTelegram { get; private set; }

    /// <summary>
    /// Decodes <paramref name="chunk"/> (any split of the stream) and appends a reading for every good telegram
    /// it completes. <paramref name="gatewayTime"/> is when the chunk was received.
    /// </summary>
    public void Feed(ReadOnlySpan<byte> chunk, DateTimeOffset gatewayTime, ICollection<MeterReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        _frames.Clear();
        _framer.Feed(chunk, _frames);
        foreach (var frame in _frames)
        {
            if (TryDecode(frame, gatewayTime, out var telegram))
            {
                LastTelegram = telegram;
                readings.Add(telegram.Reading);
            }
        }
    }

    /// <summary>The caller's read timed out: a telegram in progress is rejected as truncated.</summary>
    public void EndOfData() => _framer.EndOfData();

    /// <summary>Checks and parses one framed telegram, counting the outcome.</summary>
    public bool TryDecode(DsmrFrame frame, DateTimeOffset gatewayTime, out DsmrTelegram telegram)
    {
        ArgumentNullException.ThrowIfNull(frame);
        telegram = null!;
        if (frame.HasCrc)
        {
            var computed = Crc16Arc.Compute(frame.Bytes.AsSpan(0, frame.BangIndex + 1));
            if (computed != frame.TransmittedCrc)
            {
                Counters.Reject(DsmrRejectReason.BadCrc, frame.Bytes.Length, $"sent {frame.TransmittedCrc:X4}, computed {computed:X4}");
                return false;
            }
        }

        if (!DsmrTelegramParser.TryParse(frame.Body, gatewayTime, Options, out var parsed, out var error))
        {
            Counters.Reject(DsmrRejectReason.MalformedLine, frame.Bytes.Length, error.ToString());
            return false;
        }

        if (!frame.HasCrc && (Options.RequireCrc || parsed!.VersionRequiresCrc))
        {
            var why = Options.RequireCrc ? "the port requires a CRC" : $"version {parsed!.Version} requires a CRC";
            Counters.Reject(DsmrRejectReason.MissingCrc, frame.Bytes.Length, why);
            return false;
        }

        telegram = frame.HasCrc ? parsed! : parsed! with { Reading = parsed.Reading with { Quality = parsed.Reading.Quality | ReadingQuality.Unchecked } };
        Counters.Accept(withoutCrc: !frame.HasCrc);
        return true;
    }
}
