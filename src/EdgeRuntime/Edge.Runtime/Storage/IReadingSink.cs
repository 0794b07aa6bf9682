using Edge.MeterAdapter.Readings;

namespace Edge.Runtime.Storage;

/// <summary>Where the writer commits readings: <see cref="ReadingStore"/>, or a failing store in fault tests.</summary>
public interface IReadingSink
{
    /// <summary>Commits the batch durably, all or nothing; returning is the acknowledgement. Throws when it cannot.</summary>
    void Append(IReadOnlyList<MeterReading> readings);
}
