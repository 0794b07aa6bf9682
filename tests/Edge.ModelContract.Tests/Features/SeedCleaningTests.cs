using Edge.ModelContract.Features;

namespace Edge.ModelContract.Tests.Features;

public class SeedCleaningTests
{
    [Fact]
    public void Missing_becomes_zero_and_other_values_are_kept_as_pandas_fillna_does()
    {
        // pd.to_numeric(errors='coerce') keeps -3 and 800003; fillna(0) turns NaN into 0. Infinity is not a usable input.
        float[] series = [float.NaN, -3, float.PositiveInfinity, 2.5f, 800003];
        SeedCleaning.Apply(series);
        Assert.Equal([0f, -3f, 0f, 2.5f, 800003f], series);
    }
}
