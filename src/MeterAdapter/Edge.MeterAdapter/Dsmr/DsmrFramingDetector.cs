using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Transport;

namespace Edge.MeterAdapter.Dsmr;

/// <summary>
/// Finds the serial framing of a P1 port. The specs disagree with meters (DSMR 4.2.2 §5.1 says 115200 8N1, some 4.2
/// meters send 7E1; DSMR 2.2/3.0 use 9600 7E1), so each candidate is tried in turn and the first one under which a
/// CRC-valid telegram appears wins; at 9600 baud (DSMR 2.2/3, no CRC) a well-formed telegram is enough.
/// The decision works on captured bytes, so it is tested without a port.
/// </summary>
public static class DsmrFramingDetector
{
    /// <summary>115200 8N1 (DSMR 4/5 per spec), 115200 7E1 (some DSMR 4.2 meters), 9600 7E1 (DSMR 2.2/3).</summary>
    public static IReadOnlyList<SerialSettings> DefaultCandidates { get; } =
        [SerialSettings.Dsmr5, SerialSettings.Dsmr4SevenEvenOne, SerialSettings.Dsmr2];

    /// <summary>
    /// Tries each candidate in order: <paramref name="capture"/> opens the port with those settings and returns the
    /// bytes read over a couple of telegram intervals (2-3 s for DSMR 5, 25 s for 10-second meters).
    /// Returns null when no candidate yields a telegram.
    /// </summary>
    public static async Task<DsmrFramingChoice?> DetectAsync(
        IReadOnlyList<SerialSettings> candidates,
        Func<SerialSettings, CancellationToken, Task<byte[]>> capture,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(capture);
        DsmrFramingChoice? fallback = null;
        foreach (var settings in candidates)
        {
            var bytes = await capture(settings, cancellationToken).ConfigureAwait(false);
            var choice = Evaluate(settings, bytes);
            if (choice is { Checked: true })
            {
                return choice;
            }

            fallback ??= choice;
        }

        return fallback;
    }

    /// <summary>
    /// What bytes captured under <paramref name="settings"/> say: a CRC-valid telegram (as read, or with bit 7
    /// masked when the port ran 8N1 and the meter sends 7E1), a well-formed CRC-less telegram at 9600 baud, or nothing.
    /// </summary>
    public static DsmrFramingChoice? Evaluate(SerialSettings settings, ReadOnlySpan<byte> captured)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var eightNone = settings.DataBits == 8 && settings.Parity == Parity.None;
        foreach (var mask in eightNone ? [false, true] : new[] { false })
        {
            var options = new DsmrOptions { MaskParityBit = mask };
            var decoder = new DsmrDecoder(options);
            var readings = new List<MeterReading>();
            decoder.Feed(captured, DateTimeOffset.UnixEpoch, readings);
            if (readings.Exists(r => !r.Quality.HasFlag(ReadingQuality.Unchecked)))
            {
                return new DsmrFramingChoice(settings, options with { RequireCrc = true }, Checked: true);
            }

            if (settings.BaudRate == 9600 && readings.Count > 0)
            {
                return new DsmrFramingChoice(settings, options, Checked: false);
            }
        }

        return null;
    }
}

/// <summary>The framing to use and the decoder options that go with it.</summary>
/// <param name="Checked">True when chosen on a CRC-valid telegram (the decoder then requires a CRC on every telegram).</param>
public sealed record DsmrFramingChoice(SerialSettings Settings, DsmrOptions Options, bool Checked);
