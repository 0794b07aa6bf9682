namespace Edge.ModelContract.Features;

/// <summary>
/// Writes channel rows (row c holds channel c for every day) into the day-major features the model reads: day d,
/// channel c at d * channelCount + c, a value at a time. All five channels (the gateway model's spec) skip the rows and
/// this loop: <see cref="AllChannels"/> interleaves them in registers.
/// </summary>
internal static class ChannelInterleave
{
    /// <param name="rows"><paramref name="count"/> rows of <paramref name="days"/> values, row after row.</param>
    public static void Write(ReadOnlySpan<float> rows, int days, int count, Span<float> features)
    {
        for (var c = 0; c < count; c++)
        {
            var row = rows.Slice(c * days, days);
            for (int d = 0, at = c; d < row.Length; d++, at += count)
            {
                features[at] = row[d];
            }
        }
    }
}
