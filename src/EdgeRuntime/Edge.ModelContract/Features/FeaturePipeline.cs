using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Edge.ModelContract.Features;

/// <summary>
/// Turns a customer's daily kWh series into the model input described by a <see cref="FeatureSpec"/>. The Trainer and
/// the gateway both call this, so training and inference features cannot drift apart.
/// </summary>
/// <remarks>
/// Allocation-free and SIMD (<see cref="Vector{T}"/>): the raw recent days are read where they are, and the kwh channel
/// takes three passes: the Zheng cap statistics, cleaning into the caller's buffer (the batch ORT reads) with the
/// cleaned range, and scaling in place. With all five channels (the gateway model's spec), the kwh row and the raw days
/// go to <see cref="AllChannels"/>, which computes the others and interleaves in one pass; with other channel sets,
/// kwh and every other channel are rows of their own in a stack buffer (<see cref="DailyChannels"/>), interleaved into
/// the day-major features (<see cref="ChannelInterleave"/>).
/// Padding days are written as the zeros cleaning makes of them instead of being cleaned. bench/Edge.Bench scoring measures the cost against a bare ORT run.
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
            Kwh(spec, recent, lead, features);
            return;
        }

        var all = spec.Channels == FeatureChannelSet.All;
        var values = days * (all ? 2 : DailyChannels.Rows(spec.Channels));
        float[]? rented = null;
        var rows = values <= StackValues ? stackalloc float[values] : (rented = ArrayPool<float>.Shared.Rent(values)).AsSpan(0, values);
        try
        {
            Kwh(spec, recent, lead, rows[..days]);
            if (all)
            {
                var raw = rows.Slice(days, days);
                raw[..lead].Fill(float.NaN);
                recent.CopyTo(raw[lead..]);
                raw[(lead + recent.Length)..].Fill(float.NaN);
                AllChannels.Write(spec.Cleaning, rows[..days], raw, features);
            }
            else
            {
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

    /// <summary>
    /// The kwh channel: the recent days after <paramref name="lead"/> missing days, missing days after them up to whole
    /// weeks, cleaned and scaled. Both policies clean a padding day to 0: it is missing, and a Zheng fill needs both
    /// neighbours present, which a day at or next to the padding never has; padding is not present, so it does not
    /// enter the cap statistics either. So only the recent days are cleaned, as a window of their own, and the
    /// padding's zeros join their range.
    /// </summary>
    private static void Kwh(FeatureSpec spec, ReadOnlySpan<float> recent, int lead, Span<float> kwh)
    {
        var (min, max) = SeriesCleaning.Clean(spec.Cleaning, recent, kwh.Slice(lead, recent.Length));
        if (recent.Length < kwh.Length)
        {
            kwh[..lead].Clear();
            kwh[(lead + recent.Length)..].Clear();
            min = Math.Min(min, 0f);
            max = Math.Max(max, 0f);
        }

        switch (spec.Scaling)
        {
            case Scaling.None:
                break;
            case Scaling.PerCustomerMinMax:
                MinMaxScaling.Apply(kwh, min, max);
                break;
            case Scaling.GlobalMinMax:
                MinMaxScaling.Apply(
                    kwh,
                    spec.GlobalMin ?? throw new InvalidOperationException("global-min-max scaling without globalMin"),
                    spec.GlobalMax ?? throw new InvalidOperationException("global-min-max scaling without globalMax"));
                break;
            default:
                throw new InvalidOperationException($"unknown scaling {spec.Scaling}");
        }
    }
}
