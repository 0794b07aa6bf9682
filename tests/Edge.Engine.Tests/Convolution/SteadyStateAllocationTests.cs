using Edge.Engine.Layers;
using Edge.Engine.Layers.Convolution;
using Edge.Engine.Layers.Core;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Convolution;

/// <summary>After the first step a layer reuses its buffers: a training step (forward and backward) allocates nothing.</summary>
public class SteadyStateAllocationTests
{
    public static TheoryData<string> Layers => ["conv1d", "conv2d", "maxpool1d", "globalaverage1d", "flatten", "dropout", "batchnorm"];

    private static (Layer Layer, Shape Input) Make(string kind) => kind switch
    {
        "conv1d" => (new Conv1D(8, 3, activation: "relu", padding: "same"), new Shape(20, 4)),
        "conv2d" => (new Conv2D(4, 3, strides: 2), new Shape(9, 7, 2)),
        "maxpool1d" => (new MaxPooling1D(2, padding: "same"), new Shape(9, 3)),
        "globalaverage1d" => (new GlobalAveragePooling1D(), new Shape(5, 3)),
        "flatten" => (new Flatten(), new Shape(5, 3)),
        "dropout" => (new Dropout(0.5), new Shape(12)),
        _ => (new BatchNormalization(), new Shape(6, 3)),
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_training_step_after_warm_up_allocates_nothing(string kind)
    {
        var (layer, inputShape) = Make(kind);
        layer.Build(inputShape, new Rng(1));
        var x = SampleTensors.Uniform(2, [4, .. inputShape.Dimensions]);
        var dy = SampleTensors.Uniform(3, [4, .. layer.OutputShape.Dimensions]);
        layer.Forward(x, training: true);
        layer.Backward(dy);

        var before = GC.GetAllocatedBytesForCurrentThread();
        layer.Forward(x, training: true);
        layer.Backward(dy);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
