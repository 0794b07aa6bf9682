using Edge.MeterAdapter.Checksums;
using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Iec62056;

/// <summary>
/// Reads a meter over IEC 62056-21 in mode C (client side): sign-on at 300 baud, identification, acknowledgement with
/// the chosen baud rate, baud switch, data message, BCC check. Meters that answer in mode A (no switch) or mode B
/// (switch without acknowledgement) are read too. Each readout returns a reading, or null with the reason counted in
/// <see cref="Rejects"/> — a bad BCC or malformed block never becomes a reading.
/// </summary>
public sealed class Iec62056ModeCReader
{
    private const int MaxIdentificationLineLength = 64;

    private readonly IIec62056Line _line;
    private readonly TimeProvider _time;
    private readonly Iec62056Options _options;
    private readonly LineReceiver _receiver;
    private int _baudRate = BaudRateCharacter.InitialBaudRate;

    /// <param name="line">A line opened at 300 baud 7E1 (<c>Transport.SerialSettings.Iec62056Start</c>).</param>
    public Iec62056ModeCReader(IIec62056Line line, TimeProvider time, Iec62056Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(time);
        _line = line;
        _time = time;
        _options = options ?? new Iec62056Options();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBaudRate, BaudRateCharacter.InitialBaudRate, nameof(options));
        _receiver = new LineReceiver(line, time);
    }

    public RejectTally<Iec62056RejectReason> Rejects { get; } = new();

    /// <summary>Why the last readout gave no reading, with where the fault was; null after a good readout.</summary>
    public string? LastRejectDetail { get; private set; }

    /// <summary>The last identification the meter sent.</summary>
    public IdentificationMessage? Identification { get; private set; }

    public async ValueTask<MeterReading?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await ReadoutAsync(cancellationToken).ConfigureAwait(false);
            if (outcome.Reading is null)
            {
                Rejects.Add(outcome.Reject);
            }

            LastRejectDetail = outcome.Detail;
            return outcome.Reading;
        }
        finally
        {
            // The meter falls back to 300 baud after the readout; so must we before the next sign-on.
            SwitchTo(BaudRateCharacter.InitialBaudRate);
        }
    }

    private async ValueTask<(MeterReading? Reading, Iec62056RejectReason Reject, string? Detail)> ReadoutAsync(CancellationToken cancellationToken)
    {
        SwitchTo(BaudRateCharacter.InitialBaudRate);
        _receiver.Clear();
        var signOn = ModeCRequests.SignOn(_options.DeviceAddress);
        await _line.WriteAsync(signOn, cancellationToken).ConfigureAwait(false);

        var identification = await ReadIdentificationAsync(signOn, cancellationToken).ConfigureAwait(false);
        if (identification.Message is not { } id)
        {
            return (null, identification.Reject, identification.Detail);
        }

        Identification = id;
        switch (id.Mode)
        {
            case Iec62056Mode.C:
                var z = BaudRateCharacter.EncodeModeC(Math.Min(id.BaudRate, _options.MaxBaudRate));
                var ack = ModeCRequests.DataReadoutAcknowledgement(z);
                await _line.WriteAsync(ack, cancellationToken).ConfigureAwait(false);
                // Let the acknowledgement leave at 300 baud (10 bits a character) and drop an optical head's echo of it.
                await _receiver.DiscardForAsync(TimeSpan.FromSeconds(ack.Length * 10.0 / BaudRateCharacter.InitialBaudRate), cancellationToken).ConfigureAwait(false);
                SwitchTo(BaudRateCharacter.Decode(z).BaudRate);
                break;
            case Iec62056Mode.B:
                // Mode B has no acknowledgement, so nothing to negotiate: the meter continues at the rate it announced.
                SwitchTo(id.BaudRate);
                break;
            default:
                break;
        }

        var message = await ReadDataMessageAsync(cancellationToken).ConfigureAwait(false);
        if (message.Bytes is null)
        {
            return (null, message.Reject, message.Detail);
        }

        var decoded = DataMessage.Decode(message.Bytes);
        if (!decoded.IsAccepted)
        {
            return (null, decoded.Reject, decoded.Detail);
        }

        var reading = Iec62056ReadingMapper.ToReading(decoded.DataSets, id, _time.GetUtcNow(), _options.MeterClockOffset, _options.TamperCounterCode);
        return (reading, Iec62056RejectReason.None, null);
    }

    /// <summary>Reads lines until one starts with '/'; a line equal to the request is the optical head's echo.</summary>
    private async ValueTask<(IdentificationMessage? Message, Iec62056RejectReason Reject, string? Detail)> ReadIdentificationAsync(byte[] signOn, CancellationToken cancellationToken)
    {
        var line = new List<byte>(MaxIdentificationLineLength);
        var timeout = _options.ResponseTimeout;
        while (true)
        {
            var b = await _receiver.ReadByteAsync(timeout, cancellationToken).ConfigureAwait(false);
            if (b < 0)
            {
                return line.Count == 0
                    ? (null, Iec62056RejectReason.NoIdentification, $"no identification within {_options.ResponseTimeout.TotalMilliseconds} ms of the sign-on")
                    : (null, Iec62056RejectReason.InterCharacterTimeout, $"identification stopped after {line.Count} bytes");
            }

            timeout = _options.InterCharacterTimeout;
            if (line.Count == 0 && b != '/')
            {
                continue;
            }

            line.Add((byte)b);
            if (b == '\n')
            {
                if (line.SequenceEqual(signOn))
                {
                    line.Clear();
                    timeout = _options.ResponseTimeout;
                    continue;
                }

                var message = IdentificationMessage.Parse(line.ToArray(), out var error);
                return message is null
                    ? (null, Iec62056RejectReason.MalformedIdentification, error)
                    : (message, Iec62056RejectReason.None, null);
            }

            if (line.Count >= MaxIdentificationLineLength)
            {
                return (null, Iec62056RejectReason.MalformedIdentification, $"no CR LF within {MaxIdentificationLineLength} bytes");
            }
        }
    }

    /// <summary>Collects STX ... ETX BCC; bytes before STX (echo, noise) are skipped.</summary>
    private async ValueTask<(byte[]? Bytes, Iec62056RejectReason Reject, string? Detail)> ReadDataMessageAsync(CancellationToken cancellationToken)
    {
        var message = new List<byte>(1024);
        var timeout = _options.ResponseTimeout;
        while (true)
        {
            var b = await _receiver.ReadByteAsync(timeout, cancellationToken).ConfigureAwait(false);
            if (b < 0)
            {
                return message.Count == 0
                    ? (null, Iec62056RejectReason.NoDataMessage, $"no STX within {_options.ResponseTimeout.TotalMilliseconds} ms")
                    : (null, Iec62056RejectReason.InterCharacterTimeout, $"data message stopped after {message.Count} bytes");
            }

            if (message.Count == 0 && b != BlockCheckCharacter.Stx)
            {
                continue;
            }

            timeout = _options.InterCharacterTimeout;
            message.Add((byte)b);
            if (message.Count >= 2 && message[^2] == BlockCheckCharacter.Etx)
            {
                return ([.. message], Iec62056RejectReason.None, null);
            }

            if (message.Count >= _options.MaxMessageLength)
            {
                return (null, Iec62056RejectReason.MessageTooLong, $"no ETX within {_options.MaxMessageLength} bytes");
            }
        }
    }

    private void SwitchTo(int baudRate)
    {
        if (baudRate != _baudRate)
        {
            _line.SwitchBaudRate(baudRate);
            _baudRate = baudRate;
        }
    }
}
