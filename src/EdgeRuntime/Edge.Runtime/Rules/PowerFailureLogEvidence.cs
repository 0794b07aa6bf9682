using System.Globalization;
using System.Text;

namespace Edge.Runtime.Rules;

/// <summary>
/// The long power failures (DSMR P1 5.0.2 Table 6-3, 1-0:99.97.0: failures longer than the meter's long-failure
/// threshold, counted by 0-0:96.7.9) that ended in a rule's window, with their durations: the counter says how often the
/// supply went off, the log says for how long, which tells a supply switched off for minutes from a brief dip.
/// </summary>
public static class PowerFailureLogEvidence
{
    /// <summary>Entries listed at most; the total covers them all.</summary>
    private const int Listed = 5;

    /// <summary>Null when no logged failure ended in (<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static string? Describe(MeterHistory history, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(history);
        var inWindow = history.PowerFailureLog.Where(f => f.EndTime > from && f.EndTime <= to).OrderBy(f => f.EndTime).ToList();
        if (inWindow.Count == 0)
        {
            return null;
        }

        var total = inWindow.Sum(f => (long)f.Duration.TotalSeconds);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"long power-failure log: {inWindow.Count} ended in the window, {total} s off in total (");
        text.AppendJoin(", ", inWindow.Take(Listed).Select(f => string.Create(
            CultureInfo.InvariantCulture, $"{(long)f.Duration.TotalSeconds} s ending {f.EndTime:yyyy-MM-dd HH:mm:ss zzz}")));
        if (inWindow.Count > Listed)
        {
            text.Append(CultureInfo.InvariantCulture, $", {inWindow.Count - Listed} more");
        }

        return text.Append(')').ToString();
    }
}
