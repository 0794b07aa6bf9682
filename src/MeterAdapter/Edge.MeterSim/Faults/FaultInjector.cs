namespace Edge.MeterSim.Faults;

/// <summary>What was done to one frame on its way to the wire.</summary>
public enum Corruption
{
    None,
    BitFlip,
    DroppedByte,
    Truncated,
}

/// <summary>The faults drawn for one frame: at most one corruption, optional garbage before it, unplug, clock jump.</summary>
public sealed record FaultPlan(Corruption Corruption, int Position, int Bit, byte[] GarbageBefore, bool Unplug, TimeSpan ClockJump)
{
    public static FaultPlan Clean { get; } = new(Corruption.None, 0, 0, [], false, TimeSpan.Zero);
}

/// <summary>
/// Draws faults from <see cref="FaultRates"/> with a seeded generator (same seed, same faults) and applies them to
/// frame bytes. Corruptions touch only the frame body — the bytes strictly between the end of the first line and
/// the end marker — and never create a start or end marker, so each corrupted frame is exactly one frame the reader
/// must reject (a checksum mismatch, or an incomplete frame when the next start marker arrives). Garbage never
/// contains the start or end marker, so a reader that resynchronises on the start marker loses nothing to it.
/// </summary>
public sealed class FaultInjector
{
    private readonly FaultRates _rates;
    private readonly Random _random;
    private readonly byte[] _markers;

    /// <param name="markers">Bytes that delimit frames in this protocol (DSMR: '/' and '!'); never produced by a fault.</param>
    public FaultInjector(FaultRates rates, int seed, ReadOnlySpan<byte> markers)
    {
        ArgumentNullException.ThrowIfNull(rates);
        _rates = rates;
        _random = new Random(seed);
        _markers = markers.ToArray();
    }

    public FaultRates Rates => _rates;

    /// <summary>Draws the faults for a frame whose corruptible body is <c>[bodyStart, bodyEnd)</c>.</summary>
    public FaultPlan Draw(ReadOnlySpan<byte> frame, int bodyStart, int bodyEnd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bodyStart);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bodyEnd, frame.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bodyStart, bodyEnd);

        bool unplug = Chance(_rates.Unplug);
        TimeSpan jump = Chance(_rates.ClockJump) ? (_random.Next(2) == 0 ? _rates.ClockJumpSize : -_rates.ClockJumpSize) : TimeSpan.Zero;
        byte[] garbage = Chance(_rates.Garbage) ? Garbage(_random.Next(1, 41)) : [];

        double draw = _random.NextDouble();
        Corruption corruption = draw < _rates.BitFlip ? Corruption.BitFlip
            : draw < _rates.BitFlip + _rates.DroppedByte ? Corruption.DroppedByte
            : draw < _rates.BitFlip + _rates.DroppedByte + _rates.Truncation ? Corruption.Truncated
            : Corruption.None;
        int position = 0;
        int bit = 0;
        if (corruption == Corruption.BitFlip)
        {
            // Redraw until the flipped byte is not a frame marker (bounded: most bytes have 8 safe flips).
            do
            {
                position = _random.Next(bodyStart, bodyEnd);
                bit = _random.Next(8);
            }
            while (IsMarker((byte)(frame[position] ^ (1 << bit))));
        }
        else if (corruption != Corruption.None)
        {
            position = _random.Next(bodyStart, bodyEnd);
        }

        return new FaultPlan(corruption, position, bit, garbage, unplug, jump);
    }

    /// <summary>The bytes that go on the wire for <paramref name="frame"/> under <paramref name="plan"/>.</summary>
    public static byte[] Apply(ReadOnlySpan<byte> frame, FaultPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        byte[] body = plan.Corruption switch
        {
            Corruption.None => frame.ToArray(),
            Corruption.BitFlip => Flip(frame, plan.Position, plan.Bit),
            Corruption.DroppedByte => [.. frame[..plan.Position], .. frame[(plan.Position + 1)..]],
            Corruption.Truncated => frame[..plan.Position].ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(plan), plan.Corruption, "unknown corruption"),
        };
        return [.. plan.GarbageBefore, .. body];
    }

    private static byte[] Flip(ReadOnlySpan<byte> frame, int position, int bit)
    {
        byte[] copy = frame.ToArray();
        copy[position] ^= (byte)(1 << bit);
        return copy;
    }

    private byte[] Garbage(int length)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            byte b;
            do
            {
                b = (byte)_random.Next(256);
            }
            while (IsMarker(b));
            bytes[i] = b;
        }

        return bytes;
    }

    private bool IsMarker(byte b) => Array.IndexOf(_markers, b) >= 0;

    private bool Chance(double probability) => probability > 0 && _random.NextDouble() < probability;
}
