using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Edge.Trainer.Export;

/// <summary>Scores feature vectors with an exported model in ONNX Runtime, as the gateway will.</summary>
public static class OnnxScoring
{
    /// <summary>One score per row of <paramref name="inputs"/> (each row is one sample of <paramref name="inputShape"/>).</summary>
    public static float[] Score(byte[] onnx, IReadOnlyList<int> inputShape, IReadOnlyList<float[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(inputs);
        var perSample = inputShape.Aggregate(1, (a, d) => a * d);
        var data = new float[inputs.Count * perSample];
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Length != perSample)
            {
                throw new ArgumentException($"input {i} has {inputs[i].Length} values; the model takes {perSample}", nameof(inputs));
            }

            inputs[i].CopyTo(data, i * perSample);
        }

        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(onnx, options);
        var tensor = new DenseTensor<float>(data, [inputs.Count, .. inputShape]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExporter.InputName, tensor)]);
        var scores = results.Single(r => r.Name == OnnxExporter.OutputName).AsEnumerable<float>().ToArray();
        if (scores.Length != inputs.Count)
        {
            throw new OnnxExportException($"the model gives {scores.Length / Math.Max(1, inputs.Count)} scores per input; a theft detector gives one");
        }

        return scores;
    }
}
