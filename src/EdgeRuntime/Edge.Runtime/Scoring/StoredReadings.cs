using Edge.MeterAdapter.Readings;
using Edge.Runtime.Rules;
using Edge.Runtime.Storage;

namespace Edge.Runtime.Scoring;

/// <summary>
/// One meter's raw readings in the reading store over a run's span, streamed by <see cref="ReadingStore.Stream"/> at
/// each enumeration, and reduced by SQLite when a rule asks for a reduction (ReadingStore.Reductions), so that a rule
/// reading a day of one-second telegrams gets a few numbers, not 86,400 readings. The span ends at the run's instant, so
/// readings stored while the run goes on are not seen. With a <see cref="ReadingStoreLifetime"/> the store stays open
/// until a read ends, and one begun after the store closed throws <see cref="ObjectDisposedException"/>.
/// </summary>
internal sealed class StoredReadings(ReadingStore store, ReadingStoreLifetime? lifetime, string meterId, DateTimeOffset from, DateTimeOffset to)
    : RawReadings(from, to)
{
    protected override IEnumerable<MeterReading> Read(DateTimeOffset from, DateTimeOffset to)
    {
        using var reading = lifetime?.Enter();
        foreach (var row in store.Stream(meterId, from, to))
        {
            yield return row;
        }
    }

    protected override ReversePower ReadReversePower(DateTimeOffset from, DateTimeOffset to, double minimumW)
    {
        using var reading = lifetime?.Enter();
        return store.ReversePower(meterId, from, to, minimumW);
    }

    protected override CounterRise ReadCounterRise(DateTimeOffset from, DateTimeOffset to, EventCounter counter)
    {
        using var reading = lifetime?.Enter();
        return store.CounterRise(meterId, from, to, counter);
    }

    protected override (DateTimeOffset Time, int Count)? ReadLastCount(DateTimeOffset before, EventCounter counter)
    {
        using var reading = lifetime?.Enter();
        return store.LastCount(meterId, From, before, counter);
    }

    protected override double ReadHighestVoltage(DateTimeOffset from, DateTimeOffset to)
    {
        using var reading = lifetime?.Enter();
        return store.HighestVoltage(meterId, from, to);
    }
}
