using Edge.MeterAdapter.Readings;
using Edge.Runtime.Rules;

namespace Edge.Runtime.Tests.Rules;

/// <summary>
/// Raw readings kept in memory for rule tests, spanning all time unless a span is given: ordered by gateway time as the
/// store orders them (equal times in the order given). Records every span read and the readings handed out, so tests can
/// see what a rule read.
/// </summary>
internal sealed class ListedReadings(IEnumerable<MeterReading> readings, DateTimeOffset from, DateTimeOffset to) : RawReadings(from, to)
{
    public ListedReadings(IEnumerable<MeterReading> readings)
        : this(readings, DateTimeOffset.MinValue, DateTimeOffset.MaxValue)
    {
    }

    private readonly MeterReading[] _readings = [.. readings.OrderBy(r => r.GatewayTime)];

    /// <summary>The spans read, in order.</summary>
    public List<(DateTimeOffset From, DateTimeOffset To)> Spans { get; } = [];

    /// <summary>Readings handed out over all enumerations.</summary>
    public int Handed { get; private set; }

    /// <summary>Every reading, oldest first.</summary>
    public IEnumerable<MeterReading> All => Between(From, To);

    protected override IEnumerable<MeterReading> Read(DateTimeOffset from, DateTimeOffset to)
    {
        Spans.Add((from, to));
        foreach (var reading in _readings)
        {
            if (reading.GatewayTime >= from && reading.GatewayTime < to)
            {
                Handed++;
                yield return reading;
            }
        }
    }
}
