using System.Globalization;
using System.Text;
using Edge.MeterAdapter.Iec62056;
using Edge.MeterSim.Meter;

namespace Edge.MeterSim.Iec62056;

/// <summary>What the simulated meter does in answer to received bytes.</summary>
/// <param name="Send">Bytes to transmit now (may be empty).</param>
/// <param name="BaudRate">The rate the meter transmits them at (the data message goes at the rate acknowledged).</param>
/// <param name="ReactionTime">How long the meter waits before answering (IEC 62056-21 reaction time t_r, 200 ms to 1500 ms).</param>
public sealed record IecMeterResponse(byte[] Send, int BaudRate, TimeSpan ReactionTime)
{
    public static IecMeterResponse Nothing { get; } = new([], BaudRateCharacter.InitialBaudRate, TimeSpan.Zero);
}

/// <summary>
/// The meter side of IEC 62056-21 mode C readout (IEC 62056-21:2002 §6.3 protocol mode C, data readout): waits at
/// 300 baud 7E1 for the request <c>/?[address]!CRLF</c>, answers with the identification <c>/XXXZ\2ident CRLF</c>, then
/// takes the acknowledgement <c>ACK 0 Z Y CRLF</c>, switches to the baud rate of Z and sends the data message
/// <c>STX block ! CRLF ETX BCC</c>, after which it returns to 300 baud. Message encoders come from
/// Edge.MeterAdapter.Iec62056, so the meter and the reader share one definition of the wire format.
/// </summary>
public sealed class IecMeterSimulator
{
    private const int MaxRequestLength = 64;

    /// <summary>t_r lower bound for a meter whose manufacturer code has an upper-case third letter.</summary>
    public static readonly TimeSpan MinimumReactionTime = TimeSpan.FromMilliseconds(200);

    /// <summary>Reaction time before the data message: within t_r, long enough for the reader's baud switch.</summary>
    public static readonly TimeSpan DataReactionTime = TimeSpan.FromMilliseconds(400);

    private readonly SimulatedMeterState _meter;
    private readonly IdentificationMessage _identification;
    private readonly string? _deviceAddress;
    private readonly List<byte> _received = [];
    private State _state = State.AwaitingRequest;

    /// <param name="maxBaudRate">Fastest rate the meter offers in its identification (mode C character '0'..'6').</param>
    /// <param name="deviceAddress">When set, only a request carrying this address (or none) is answered.</param>
    /// <summary>
    /// Where this simulated meter reports its tamper count. No standard code exists (it is manufacturer-specific), so
    /// the gateway's meter configuration names it (Iec62056Options.TamperCounterCode).
    /// </summary>
    public const string TamperCounterCode = "C.51.0";

    public IecMeterSimulator(SimulatedMeterState meter, string serialNumber, int maxBaudRate = 9600, string? deviceAddress = null)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentException.ThrowIfNullOrEmpty(serialNumber);
        _meter = meter;
        _deviceAddress = deviceAddress;
        SerialNumber = serialNumber;
        // "LGZ" upper-case third letter: 200 ms reaction time; '\2' = enhanced (mode E) capable, ignored in mode C.
        _identification = new IdentificationMessage("LGZ", BaudRateCharacter.EncodeModeC(maxBaudRate), '2', "ZMD310" + serialNumber[^Math.Min(6, serialNumber.Length)..]);
    }

    public string SerialNumber { get; }

    /// <summary>Completed readouts (data messages sent).</summary>
    public int Readouts { get; private set; }

    /// <summary>The lines of the data block the meter would send now.</summary>
    public IReadOnlyList<string> DataLines()
    {
        DateTimeOffset time = _meter.MeterTime;
        return
        [
            $"0.0.0({SerialNumber})",
            $"C.1.0({SerialNumber})",
            $"1.8.0({Kwh(_meter.ImportTariff1Wh + _meter.ImportTariff2Wh)}*kWh)",
            $"1.8.1({Kwh(_meter.ImportTariff1Wh)}*kWh)",
            $"1.8.2({Kwh(_meter.ImportTariff2Wh)}*kWh)",
            $"2.8.0({Kwh(_meter.ExportTariff1Wh + _meter.ExportTariff2Wh)}*kWh)",
            $"1.7.0({(_meter.ImportPowerW / 1000).ToString("00.000", CultureInfo.InvariantCulture)}*kW)",
            $"2.7.0({(_meter.ExportPowerW / 1000).ToString("00.000", CultureInfo.InvariantCulture)}*kW)",
            $"0.9.1({time:HHmmss})",
            $"0.9.2({time:yyMMdd})",
            $"C.7.0({_meter.PowerFailures + _meter.LongPowerFailures:0000})",
            $"{TamperCounterCode}({_meter.TamperEvents:0000})",
        ];
    }

    /// <summary>Feeds bytes received from the reader and returns what the meter sends back.</summary>
    public IecMeterResponse Receive(ReadOnlySpan<byte> bytes)
    {
        _received.AddRange(bytes);
        while (true)
        {
            int lineEnd = IndexOfLineEnd();
            if (lineEnd < 0)
            {
                if (_received.Count > MaxRequestLength)
                {
                    _received.Clear(); // noise: a real meter ignores it and keeps waiting for "/?"
                }

                return IecMeterResponse.Nothing;
            }

            byte[] message = [.. _received.GetRange(0, lineEnd + 1)];
            _received.RemoveRange(0, lineEnd + 1);
            IecMeterResponse? response = Handle(message);
            if (response is not null)
            {
                return response;
            }
        }
    }

    /// <summary>The meter gives up on an unfinished session (no ACK in time) and waits for a new request.</summary>
    public void Reset()
    {
        _received.Clear();
        _state = State.AwaitingRequest;
    }

    private IecMeterResponse? Handle(byte[] message)
    {
        // Skip anything before the message start (echo of our own bytes from an optical head is not modelled).
        int signOn = Array.IndexOf(message, (byte)'/');
        if (signOn >= 0 && IsRequest(message.AsSpan(signOn)))
        {
            _state = State.AwaitingAcknowledgement;
            return new IecMeterResponse(_identification.Encode(), BaudRateCharacter.InitialBaudRate, MinimumReactionTime);
        }

        int ack = Array.IndexOf(message, ModeCRequests.Ack);
        if (_state == State.AwaitingAcknowledgement && ack >= 0 && message.Length - ack == 6 && message[ack + 1] == (byte)'0')
        {
            byte z = message[ack + 2];
            byte option = message[ack + 3];
            _state = State.AwaitingRequest;
            if (option != (byte)'0' || BaudRateCharacter.Decode(z).Mode != Iec62056Mode.C || z > _identification.BaudRateCharacter)
            {
                return IecMeterResponse.Nothing; // programming mode or a rate we did not offer: not supported, stay silent
            }

            // The data message goes at the acknowledged rate; afterwards the meter is back at 300 baud.
            int rate = BaudRateCharacter.Decode(z).BaudRate;
            Readouts++;
            // The reader needs time to drain its ACK and switch its own UART; a meter answers after t_r in any case.
            return new IecMeterResponse(DataMessage.Encode(DataLines()), rate, DataReactionTime);
        }

        return null;
    }

    private bool IsRequest(ReadOnlySpan<byte> message)
    {
        // "/?" [address] "!" CR LF
        if (message.Length < 5 || message[1] != (byte)'?' || message[^3] != (byte)'!')
        {
            return false;
        }

        ReadOnlySpan<byte> address = message[2..^3];
        return address.IsEmpty || _deviceAddress is null || address.SequenceEqual(Encoding.ASCII.GetBytes(_deviceAddress));
    }

    private int IndexOfLineEnd()
    {
        for (int i = 1; i < _received.Count; i++)
        {
            if (_received[i] == (byte)'\n' && _received[i - 1] == (byte)'\r')
            {
                return i;
            }
        }

        return -1;
    }

    private static string Kwh(double wh) => (SimulatedMeterState.WholeWattHours(wh) / 1000.0).ToString("0000000.000", CultureInfo.InvariantCulture);

    private enum State
    {
        AwaitingRequest,
        AwaitingAcknowledgement,
    }
}
