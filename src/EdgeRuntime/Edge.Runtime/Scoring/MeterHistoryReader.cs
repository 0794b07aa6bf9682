using Edge.Runtime.Daily;
using Edge.Runtime.Rules;
using Edge.Runtime.Storage;

namespace Edge.Runtime.Scoring;

/// <summary>
/// Reads each meter's history for a run from the reading store (its own connection, not the writer's): raw readings
/// from the start of the first day up to the run's time, and the daily series built from them with
/// <see cref="DailySeriesBuilder"/>.
/// </summary>
/// <param name="seriesOptions">Daily series options of a meter (its register modulus, the gateway's zone).</param>
/// <param name="replacements">Declared meter replacements (none until their table exists).</param>
public sealed class MeterHistoryReader(
    ReadingStore store, Func<string, DailySeriesOptions> seriesOptions, Func<IReadOnlyList<MeterReplacement>> replacements)
{
    /// <summary>Every meter with readings, its series covering <paramref name="firstDay"/>..<paramref name="lastDay"/>.</summary>
    public IReadOnlyList<MeterHistory> ReadAll(DateOnly firstDay, DateOnly lastDay, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(seriesOptions);
        var swaps = replacements();
        var result = new List<MeterHistory>();
        foreach (var meterId in store.MeterIds())
        {
            var options = seriesOptions(meterId);
            var from = new LocalDays(options.TimeZone).StartOf(firstDay);
            var readings = store.Read(meterId, from, now.AddTicks(1));
            result.Add(new MeterHistory(meterId, readings, DailySeriesBuilder.Build(meterId, readings, swaps, firstDay, lastDay, options)));
        }

        return result;
    }
}
