using Edge.ModelContract.Features;
using Edge.Trainer.Data;

namespace Edge.Trainer.Tests.Data;

public class FeatureMatrixTests
{
    private static readonly ConsumptionDataset Data = new(
        ["a", "b", "c"], [0, 1, 0], new DateOnly(2014, 1, 1), 3,
        [1, float.NaN, 3, /**/ 2, 5, 4, /**/ 100, -50, 7]);

    [Fact]
    public void Global_scaling_is_fitted_on_training_customers_only()
    {
        // Seed cleaning: a = [1, 0, 3], b = [2, 5, 4] -> min 0, max 5. Customer c (100 and -50) is not in training.
        var spec = FeatureMatrix.FitGlobalScaling(Data, FeatureSpec.Seed(3), [0, 1]);
        Assert.Equal(Scaling.GlobalMinMax, spec.Scaling);
        Assert.Equal(0f, spec.GlobalMin);
        Assert.Equal(5f, spec.GlobalMax);
    }

    [Fact]
    public void Builds_rows_with_the_shared_pipeline_and_labels()
    {
        var spec = FeatureSpec.Seed(3) with { Scaling = Scaling.GlobalMinMax, GlobalMin = 0, GlobalMax = 5 };
        var (features, labels) = FeatureMatrix.Build(Data, spec, [1, 2]);
        // b / 5 = [0.4, 1, 0.8]; c clamped: [1, 0, 1].
        Assert.Equal([0.4f, 1f, 0.8f, 1f, 0f, 1f], features);
        Assert.Equal([1f, 0f], labels);
    }
}
