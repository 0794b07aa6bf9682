using Edge.MeterAdapter.Readings;
using Edge.Runtime.Rules;
using Edge.Runtime.Storage;

namespace Edge.Runtime.Scoring;

/// <summary>
/// One meter's raw readings in the reading store over a run's span, streamed by <see cref="ReadingStore.Stream"/> at
/// each enumeration. The span ends at the run's instant, so readings stored while the run goes on are not seen. With a
/// <see cref="ReadingStoreLifetime"/> the store stays open until an enumeration ends, and one begun after the store
/// closed throws <see cref="ObjectDisposedException"/>.
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
}
