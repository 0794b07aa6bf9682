namespace Edge.Runtime.Health;

/// <summary>
/// A Prometheus histogram of durations in seconds: cumulative bucket counts by upper bound ("le"), the sum and the
/// count. Thread-safe.
/// </summary>
public sealed class LatencyHistogram
{
    private readonly Lock _gate = new();
    private readonly double[] _bounds;
    private readonly long[] _counts;
    private double _sum;
    private long _count;

    /// <param name="upperBoundsSeconds">Strictly increasing finite upper bounds; the +Inf bucket is implied.</param>
    public LatencyHistogram(IReadOnlyList<double> upperBoundsSeconds)
    {
        ArgumentNullException.ThrowIfNull(upperBoundsSeconds);
        for (int i = 0; i < upperBoundsSeconds.Count; i++)
        {
            if (!double.IsFinite(upperBoundsSeconds[i]) || (i > 0 && upperBoundsSeconds[i] <= upperBoundsSeconds[i - 1]))
            {
                throw new ArgumentException("Histogram bounds must be finite and strictly increasing.", nameof(upperBoundsSeconds));
            }
        }

        _bounds = [.. upperBoundsSeconds];
        _counts = new long[_bounds.Length];
    }

    public void Observe(TimeSpan duration)
    {
        double seconds = duration.TotalSeconds;
        lock (_gate)
        {
            for (int i = 0; i < _bounds.Length; i++)
            {
                if (seconds <= _bounds[i])
                {
                    _counts[i]++;
                }
            }

            _sum += seconds;
            _count++;
        }
    }

    /// <summary>Writes the family: one _bucket sample per bound plus le="+Inf", then _sum and _count.</summary>
    public void WriteTo(PrometheusTextWriter writer, string name, string help)
    {
        ArgumentNullException.ThrowIfNull(writer);
        long[] counts;
        double sum;
        long count;
        lock (_gate)
        {
            counts = [.. _counts];
            sum = _sum;
            count = _count;
        }

        writer.Family(name, "histogram", help);
        for (int i = 0; i < _bounds.Length; i++)
        {
            writer.Sample(name + "_bucket", counts[i], ("le", PrometheusTextWriter.FormatValue(_bounds[i])));
        }

        writer.Sample(name + "_bucket", count, ("le", "+Inf"));
        writer.Sample(name + "_sum", sum);
        writer.Sample(name + "_count", count);
    }
}
