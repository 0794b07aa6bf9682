using System.Numerics;
using System.Runtime.CompilerServices;

namespace Edge.ModelContract.Features;

/// <summary>
/// Max-min scaling to [0, 1]: (x - min) / (max - min). A constant window (max = min) maps to all zeros, as HORLN's
/// preprocessing does with its denominator guard. Arithmetic is in double so that extreme kWh values cannot overflow,
/// and results are clamped so that values outside a fitted global range stay in [0, 1].
/// </summary>
/// <remarks>
/// The quotient is (x - min) times 1 / (max - min), both in double: a multiply instead of a divide per value (a
/// vector divide in double costs the gateway's scoring run more than the rest of the feature code together;
/// bench/Edge.Bench scoring). The double product is within two units in the last place of a double of the true
/// quotient, so the float it is rounded to is the float of the division or the one next to it. The Trainer and the
/// gateway share this code, so their features stay identical. SIMD lanes compute exactly what the scalar tail does.
/// </remarks>
public static class MinMaxScaling
{
    /// <summary>Scales by the window's own min and max (Zheng et al. 2018, data preprocessing). Values must not be NaN.</summary>
    public static void ApplyPerCustomer(Span<float> series)
    {
        if (series.IsEmpty)
        {
            return;
        }

        var (min, max) = Range(series);
        Apply(series, min, max);
    }

    /// <summary>Scales by a fixed range, e.g. one fitted on the training split and stored in the feature spec.</summary>
    public static void Apply(Span<float> series, float min, float max)
    {
        if (Scaler.For(min, max) is not { } lanes)
        {
            series.Clear();
            return;
        }

        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= series.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                lanes.Apply(new Vector<float>(series[i..])).CopyTo(series[i..]);
            }
        }

        for (; i < series.Length; i++)
        {
            series[i] = lanes.Apply(series[i]);
        }
    }

    /// <summary>The smallest and largest value (+infinity and -infinity when empty). Values must not be NaN.</summary>
    internal static (float Min, float Max) Range(ReadOnlySpan<float> series)
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        var i = 0;
        if (Vector.IsHardwareAccelerated && series.Length >= Vector<float>.Count)
        {
            var mins = new Vector<float>(min);
            var maxs = new Vector<float>(max);
            for (; i <= series.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var x = new Vector<float>(series[i..]);
                mins = Vector.MinNative(mins, x);
                maxs = Vector.MaxNative(maxs, x);
            }

            (min, max) = Lanes(mins, maxs);
        }

        for (; i < series.Length; i++)
        {
            min = Math.Min(min, series[i]);
            max = Math.Max(max, series[i]);
        }

        return (min, max);
    }

    /// <summary>
    /// The smallest lane of <paramref name="mins"/> and the largest of <paramref name="maxs"/>. The kernel's running
    /// lanes use Vector.MinNative and MaxNative, one instruction each: Vector.Min and Max order NaN and -0 in software
    /// (eight AVX2 instructions), and the values they see are never NaN, while -0 and 0 scale alike.
    /// </summary>
    internal static (float Min, float Max) Lanes(Vector<float> mins, Vector<float> maxs)
    {
        // Halving the vectors would be shorter, but Vector<T> has no shuffles; compares without Math.Min's NaN and -0
        // handling (the lanes hold no NaN, and -0 and 0 scale alike) keep the per-window cost low for short windows.
        var min = mins[0];
        var max = maxs[0];
        for (var lane = 1; lane < Vector<float>.Count; lane++)
        {
            min = mins[lane] < min ? mins[lane] : min;
            max = maxs[lane] > max ? maxs[lane] : max;
        }

        return (min, max);
    }

    /// <summary>
    /// One range's scaling, ready for a loop: the vectors are made once (the JIT does not hoist them out of a loop by
    /// itself), and the vector and scalar forms compute the same floats.
    /// </summary>
    internal readonly struct Scaler : ILaneScaling
    {
        private readonly Vector<double> _mins;
        private readonly Vector<double> _scales;
        private readonly double _min;
        private readonly double _scale;

        private Scaler(double min, double scale)
        {
            _mins = new Vector<double>(min);
            _scales = new Vector<double>(scale);
            _min = min;
            _scale = scale;
        }

        /// <summary>The scaling of [<paramref name="min"/>, <paramref name="max"/>]; null for a constant (or empty or
        /// inverted) range, which scales to all zeros.</summary>
        public static Scaler? For(float min, float max)
        {
            double range = (double)max - min;
            return range > 0 ? new Scaler(min, 1.0 / range) : null;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Apply(Vector<float> x)
        {
            Vector.Widen(x, out var lo, out var hi);
            return Clamp(Vector.Narrow((lo - _mins) * _scales, (hi - _mins) * _scales));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Apply(float x) => Math.Clamp((float)((x - _min) * _scale), 0f, 1f);

        /// <summary>
        /// Math.Clamp(x, 0, 1) lane by lane, one instruction per side (quotients are never NaN). Clamping the float
        /// instead of the double before rounding gives the same value, since rounding to float keeps order and 0 and 1
        /// are floats (a negative quotient too small for a float becomes 0 or -0, the same number).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<float> Clamp(Vector<float> x) =>
            Vector.MinNative(Vector.MaxNative(x, Vector<float>.Zero), Vector<float>.One);
    }
}
