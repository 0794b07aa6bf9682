using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

namespace Edge.ModelContract.Features;

/// <summary>
/// Turns a customer's daily kWh series into the model input described by a <see cref="FeatureSpec"/>. The Trainer and
/// the gateway both call this, so training and inference features cannot drift apart.
/// </summary>
/// <remarks>
/// Allocation-free and SIMD: a survey pass over the raw recent days finds the cleaning cap and the cleaned range
/// (<see cref="CleaningSurvey"/>), then one pass cleans and scales them where they are into the kwh channel
/// (<see cref="KwhChannel"/>): with the kwh channel alone straight into the caller's buffer (the batch ORT reads).
/// With all five channels (the gateway model's spec) that pass also writes present masks and zero-reading flags, from
/// which <see cref="AllChannels"/> computes the other channels and interleaves in one pass; with other channel sets,
/// kwh and every other channel are rows of their own in a stack buffer (<see cref="DailyChannels"/>), interleaved into
/// the day-major features (<see cref="ChannelInterleave"/>). bench/Edge.Bench scoring measures the cost against a bare
/// ORT run.
/// </remarks>
public static class FeaturePipeline
{
    /// <summary>
    /// Values up to which the multi-channel rows live on the stack: 25 KiB, six rows of the gateway model's 1,036 days.
    /// </summary>
    private const int StackValues = 6400;

    /// <summary>
    /// Takes the most recent <see cref="FeatureSpec.WindowDays"/> days (a shorter series is preceded by missing days),
    /// pads to <see cref="FeatureSpec.FeatureDays"/> with missing days at the end, cleans, then scales; with more than
    /// the kwh channel, interleaves the channels per day (<see cref="FeatureChannels"/>).
    /// Missing days are NaN in <paramref name="dailyKwh"/>. Writes exactly <see cref="FeatureSpec.FeatureLength"/> values.
    /// </summary>
    [SkipLocalsInit] // every row is written in full before it is read, as the rented (unzeroed) rows already must be
    public static void Transform(FeatureSpec spec, ReadOnlySpan<float> dailyKwh, Span<float> features)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var days = spec.FeatureDays;
        var channels = spec.ChannelCount;
        if (features.Length != days * channels)
        {
            throw new ArgumentException($"features must hold {spec.FeatureLength} values, has {features.Length}", nameof(features));
        }

        var recent = SequenceWindows.Recent(dailyKwh, spec.WindowDays);
        var lead = spec.WindowDays - recent.Length;
        if (channels == 1)
        {
            KwhChannel.Write(spec, recent, lead, features, default, default);
            return;
        }

        // All five: the kwh row, the zero-reading row and the present masks (as floats' bits); else one row per channel.
        var all = spec.Channels == FeatureChannelSet.All;
        var values = days * (all ? 3 : DailyChannels.Rows(spec.Channels));
        float[]? rented = null;
        var rows = values <= StackValues ? stackalloc float[values] : (rented = ArrayPool<float>.Shared.Rent(values)).AsSpan(0, values);
        try
        {
            var kwh = rows[..days];
            if (all)
            {
                var zeros = rows.Slice(days, days);
                var present = MemoryMarshal.Cast<float, int>(rows.Slice(2 * days, days));
                KwhChannel.Write(spec, recent, lead, kwh, present, zeros);
                AllChannels.Write(kwh, present, zeros, features);
            }
            else
            {
                KwhChannel.Write(spec, recent, lead, kwh, default, default);
                DailyChannels.Interleave(spec, recent, lead, days, rows, features);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }
}
