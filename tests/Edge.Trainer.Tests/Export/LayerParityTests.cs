using Edge.Engine.Layers;
using Edge.Engine.Layers.Convolution;
using Edge.Engine.Layers.Core;
using Edge.Engine.Layers.Merging;
using Edge.Engine.Layers.Recurrent;
using Edge.Engine.Layers.Wrappers;
using Edge.Engine.Models;
using Edge.Engine.Tensors;
using Edge.Trainer.Export;

namespace Edge.Trainer.Tests.Export;

/// <summary>
/// Each exportable layer alone (weights and biases all random), exported and run in ONNX Runtime: ORT's output must
/// equal the engine's Predict within 1e-5 absolute. A wrong weight transpose, gate order or padding gives errors of
/// order 0.1, so this bar separates right from wrong.
/// </summary>
public sealed class LayerParityTests
{
    private const float Tolerance = 1e-5f;

    public static TheoryData<string> Cases => new(LayerCases.Keys);

    private static readonly Dictionary<string, (Func<Layer[]> Layers, int[] Input)> LayerCases = new()
    {
        ["dense-relu"] = (() => [new Dense(5, "relu")], [6]),
        ["dense-rank3-softmax"] = (() => [new Dense(4, "softmax")], [3, 6]),
        ["dense-nobias-tanh"] = (() => [new Dense(3, "tanh", useBias: false)], [5]),
        ["dense-leaky-elu"] = (() => [new Dense(4, "leaky_relu"), new Dense(3, "elu"), new LeakyReLU(), new ELU(0.5f)], [5]),
        ["conv1d-same-k3"] = (() => [new Conv1D(4, 3, "relu", padding: "same")], [9, 2]),
        ["conv1d-same-k4-asymmetric"] = (() => [new Conv1D(3, 4, "sigmoid", padding: "same")], [9, 2]),
        ["conv1d-valid"] = (() => [new Conv1D(3, 3, padding: "valid")], [9, 2]),
        ["conv1d-valid-stride2"] = (() => [new Conv1D(3, 3, padding: "valid", strides: 2)], [10, 2]),
        ["conv1d-same-stride2"] = (() => [new Conv1D(3, 3, padding: "same", strides: 2)], [10, 2]),
        ["conv1d-dilated"] = (() => [new Conv1D(2, 3, padding: "same", dilationRate: 2)], [9, 2]),
        ["conv2d-same-k3"] = (() => [new Conv2D(4, 3, "relu", padding: "same")], [6, 7, 2]),
        ["conv2d-same-k2x4-asymmetric-stride2"] = (() => [new Conv2D(3, (2, 4), "tanh", padding: "same", strides: (2, 1))], [7, 6, 2]),
        ["conv2d-valid-dilated-nobias"] = (() => [new Conv2D(2, (3, 3), padding: "valid", dilationRate: (1, 2), useBias: false)], [5, 7, 3]),
        ["maxpool2d-3"] = (() => [new MaxPooling2D(3)], [7, 7, 2]),
        ["maxpool2d-same-2x3-stride1x2"] = (() => [new MaxPooling2D((2, 3), (1, 2), "same")], [5, 7, 2]),
        ["concatenated-branches"] = (() => [new ConcatenatedBranches([new Sequential([new Flatten(), new Dense(3, "relu")]), new Sequential([new Reshape([-1, 4, 1]), new Conv2D(2, 3, padding: "same"), new MaxPooling2D(2), new Flatten()]), new Dense(2)]), new Dense(1, "sigmoid")], [8]),
        ["maxpool-2"] = (() => [new MaxPooling1D(2)], [9, 3]),
        ["maxpool-same-3-stride2"] = (() => [new MaxPooling1D(3, 2, "same")], [10, 3]),
        ["maxpool-1"] = (() => [new MaxPooling1D(1)], [5, 3]),
        ["flatten-dense"] = (() => [new Flatten(), new Dense(2)], [4, 3]),
        ["reshape-dropout-activation"] = (() => [new Reshape([3, -1]), new Dropout(0.5), new ActivationLayer("sigmoid")], [4, 3]),
        ["simple-rnn-last"] = (() => [new SimpleRNN(5)], [6, 3]),
        ["simple-rnn-sequences-relu"] = (() => [new SimpleRNN(4, returnSequences: true, activation: "relu")], [6, 3]),
        ["lstm-last"] = (() => [new LSTM(5)], [6, 3]),
        ["lstm-sequences"] = (() => [new LSTM(4, returnSequences: true)], [6, 3]),
        ["gru-last"] = (() => [new GRU(5)], [6, 3]),
        ["gru-sequences"] = (() => [new GRU(4, returnSequences: true)], [6, 3]),
        ["time-distributed-dense"] = (() => [new TimeDistributed(new Dense(3, "relu"))], [5, 4]),
        ["time-distributed-conv-stack"] = (() => [new TimeDistributed(new Sequential([new Conv1D(3, 3, "relu", padding: "same"), new MaxPooling1D(2), new Flatten()])), new LSTM(3)], [2, 8, 2]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OrtMatchesPredict(string name)
    {
        var (layers, input) = LayerCases[name];
        var model = new Sequential(layers(), new Shape(input), name: name);
        model.Build(seed: 7);
        var rng = new Rng(11);
        OrtOracle.Randomize(model, rng, 0.5f, allWeights: true);
        var x = OrtOracle.RandomInput(rng, 1f, new Shape([64, .. input]));

        var expected = model.Predict(x, batchSize: 64);
        var actual = OrtOracle.Run(OnnxExporter.ExportBytes(model), x);

        Assert.True(OrtOracle.MaxAbsDifference(expected.ReadOnlySpan, actual) <= Tolerance,
            $"{name}: max |ORT - engine| = {OrtOracle.MaxAbsDifference(expected.ReadOnlySpan, actual)}");
    }

    [Fact]
    public void UnsupportedLayerIsNamedInTheError()
    {
        var model = new Sequential([new Dense(3), new BatchNormalization(name: "batch_normalization_3")], new Shape(4), name: "bn");
        model.Build(seed: 1);

        var error = Assert.Throws<OnnxExportException>(() => OnnxExporter.Export(model));

        Assert.Equal("cannot export layer 'batch_normalization_3' (BatchNormalization): not supported", error.Message);
    }

    [Fact]
    public void UnbuiltModelIsRejected()
    {
        var model = new Sequential([new Dense(3)], name: "unbuilt");

        var error = Assert.Throws<OnnxExportException>(() => OnnxExporter.Export(model));

        Assert.Contains("'unbuilt'", error.Message, StringComparison.Ordinal);
    }
}
