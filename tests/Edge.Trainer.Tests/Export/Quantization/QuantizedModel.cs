using Edge.Engine.Models;
using Edge.Engine.Tensors;
using Edge.Trainer.Export;
using Edge.Trainer.Export.Onnx;
using Edge.Trainer.Export.Quantization;
using Google.Protobuf;

namespace Edge.Trainer.Tests.Export.Quantization;

/// <summary>An engine model exported to fp32 ONNX, its int8 copy calibrated on given inputs, and both scored by ORT.</summary>
internal sealed class QuantizedModel
{
    public QuantizedModel(Sequential model, Tensor calibration, CalibrationMethod method = CalibrationMethod.MinMax)
    {
        Fp32 = OnnxExporter.Export(model);
        var shape = model.InputShape.Dimensions.ToArray();
        Int8 = OnnxQuantizer.Quantize(Fp32, shape, Rows(calibration), method);
    }

    public ModelProto Fp32 { get; }

    public ModelProto Int8 { get; }

    public float[] ScoreFp32(Tensor x) => OrtOracle.Run(Fp32.ToByteArray(), x);

    public float[] ScoreInt8(Tensor x) => OrtOracle.Run(Int8.ToByteArray(), x);

    /// <summary>Each sample of a batch-first tensor as its own array.</summary>
    public static float[][] Rows(Tensor x)
    {
        var perSample = x.Length / x.Shape[0];
        return Enumerable.Range(0, x.Shape[0]).Select(i => x.ReadOnlySpan.Slice(i * perSample, perSample).ToArray()).ToArray();
    }

    /// <summary>Uniform values in [low, high) of the given shape.</summary>
    public static Tensor Uniform(Rng rng, float low, float high, Shape shape)
    {
        var t = new Tensor(shape);
        for (var i = 0; i < t.Length; i++)
        {
            t[i] = rng.Uniform(low, high);
        }

        return t;
    }
}
