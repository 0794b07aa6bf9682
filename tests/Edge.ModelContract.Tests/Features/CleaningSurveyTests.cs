using CsCheck;
using Edge.ModelContract.Features;

namespace Edge.ModelContract.Tests.Features;

/// <summary>
/// <see cref="CleaningSurvey"/> finds the cleaned range without cleaning: it must equal the smallest and largest value
/// that cleaning by the scalar reference (<see cref="ReferenceFeatures"/>) actually produces.
/// </summary>
public class CleaningSurveyTests
{
    // Isolated missing days between present ones (repaired to the neighbours' mean, not capped), runs of them (0),
    // negative and infinite readings (missing under Zheng), huge readings that the cap cuts, zeros.
    private static readonly Gen<float> Day = Gen.Frequency(
        (20, Gen.Float[0f, 50f]),
        (4, Gen.Const(float.NaN)),
        (1, Gen.Const(0f)),
        (1, Gen.OneOf(Gen.Const(-1f), Gen.Const(float.PositiveInfinity), Gen.Const(float.NegativeInfinity), Gen.Const(-0f))),
        (1, Gen.OneOf(Gen.Float[1e3f, 1e6f], Gen.Const(float.MaxValue))));

    [Fact]
    public void Survey_range_is_the_range_of_the_cleaned_days()
    {
        Gen.Select(Gen.Enum<CleaningPolicy>(), Day.Array[1, 300]).Sample((policy, raw) =>
        {
            var spec = new FeatureSpec { Cleaning = policy, Layout = FeatureLayout.Days, Scaling = Scaling.None, WindowDays = raw.Length };
            var cleaned = new float[raw.Length];
            ReferenceFeatures.Transform(spec, raw, cleaned);
            var survey = CleaningSurvey.Of(policy, raw);
            if (policy == CleaningPolicy.Zheng2018 && (float)ReferenceFeatures.CapThreshold(raw) != survey.Cap)
            {
                return; // the caps' rounding differs (FeatureKernelOracleTests bounds that); the ranges then may too
            }

            Assert.Equal(cleaned.Min(), survey.Min);
            Assert.Equal(cleaned.Max(), survey.Max);
        }, iter: 2000);
    }

    [Fact]
    public void A_repaired_day_above_the_cap_raises_the_maximum()
    {
        // Zheng: present are nine 1s and two 9s, 11 days: mean 27/11 = 2.4545, variance 171/11 - (27/11)^2 = 9.5207,
        // std 3.0856, cap 8.626. The 9s are capped to 8.626; the missing day between them is repaired to (9 + 9) / 2 = 9,
        // which is not capped, so the cleaned maximum is 9, above the cap.
        float[] raw = [1, 1, 1, 1, 1, 1, 1, 1, 9, float.NaN, 9, 1];
        var survey = CleaningSurvey.Of(CleaningPolicy.Zheng2018, raw);
        Assert.InRange(survey.Cap, 8.62f, 8.63f);
        Assert.Equal(1f, survey.Min);
        Assert.Equal(9f, survey.Max);
    }

    [Fact]
    public void Missing_days_before_the_first_present_one_clean_to_zero()
    {
        // NaN NaN 4 6: the leading days have no present neighbour on the left, so they clean to 0.
        var survey = CleaningSurvey.Of(CleaningPolicy.Zheng2018, [float.NaN, float.NaN, 4, 6]);
        Assert.Equal(0f, survey.Min);
        Assert.Equal(6f, survey.Max);
    }
}
