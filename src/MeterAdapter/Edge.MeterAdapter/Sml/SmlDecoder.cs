using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Sml;

/// <summary>
/// One SML file in, one reading or a counted reject out: transport framing and CRC-16/X-25, then the messages, then
/// the GetListResponse values. Never throws on any input.
/// </summary>
public sealed class SmlDecoder(TimeProvider time)
{
    public RejectTally<SmlRejectReason> Rejects { get; } = new();

    public MeterReading? Decode(ReadOnlySpan<byte> file)
    {
        var framing = SmlTransport.TryDecode(file, out var body);
        if (framing != SmlRejectReason.None)
        {
            Rejects.Add(framing);
            return null;
        }

        var messages = new List<SmlList>();
        if (!SmlTypeLength.TryReadMessages(body, messages, out _))
        {
            Rejects.Add(SmlRejectReason.MalformedMessage);
            return null;
        }

        var reading = SmlReadingMapper.ToReading(messages, time.GetUtcNow());
        if (reading is null)
        {
            Rejects.Add(SmlRejectReason.NoValues);
        }

        return reading;
    }
}
