namespace Edge.ModelContract.Features;

/// <summary>
/// Overlapping windows of one customer's series, like the seed's <c>create_sequences(data, time_steps)</c>
/// (window i is data[i : i + time_steps]). The seed slides over rows of the customer table, mixing customers; here
/// the windows slide over the days of a single customer, which is what a recurrent model scoring recent days needs.
/// </summary>
public static class SequenceWindows
{
    /// <summary>Number of windows of <paramref name="steps"/> days, advancing by <paramref name="stride"/>.</summary>
    public static int Count(int days, int steps, int stride = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        return days < steps ? 0 : ((days - steps) / stride) + 1;
    }

    /// <summary>Writes window k to destination[k * steps .. (k + 1) * steps).</summary>
    public static void Slice(ReadOnlySpan<float> series, int steps, int stride, Span<float> destination)
    {
        var count = Count(series.Length, steps, stride);
        if (destination.Length < count * steps)
        {
            throw new ArgumentException($"destination holds {destination.Length} values; {count} windows of {steps} need {count * steps}", nameof(destination));
        }

        for (var k = 0; k < count; k++)
        {
            series.Slice(k * stride, steps).CopyTo(destination.Slice(k * steps, steps));
        }
    }

    /// <summary>The most recent <paramref name="days"/> days, the window a gateway scores.</summary>
    public static ReadOnlySpan<float> Recent(ReadOnlySpan<float> series, int days) =>
        series.Length <= days ? series : series[^days..];
}
