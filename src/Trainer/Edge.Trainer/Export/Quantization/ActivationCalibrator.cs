using Edge.Trainer.Export.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Edge.Trainer.Export.Quantization;

/// <summary>
/// Runs the fp32 model in ONNX Runtime over calibration inputs and records the range of chosen intermediate tensors.
/// ORT only returns graph outputs, so a copy of the model lists those tensors as extra outputs ("augmenting" the
/// graph, as onnxruntime.quantization's calibrate.py does).
/// </summary>
public static class ActivationCalibrator
{
    /// <summary>Percentile used by <see cref="CalibrationMethod.Percentile"/>.</summary>
    public const double Percentile = 99.99;

    public static IReadOnlyDictionary<string, (float Min, float Max)> Calibrate(
        ModelProto model, IReadOnlyCollection<string> tensors, IReadOnlyList<int> inputShape, IReadOnlyList<float[]> samples,
        CalibrationMethod method, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("calibration needs at least one input", nameof(samples));
        }

        var augmented = model.Clone();
        var existing = augmented.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in tensors.Where(t => !existing.Contains(t)))
        {
            augmented.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        var perSample = inputShape.Aggregate(1, (a, d) => a * d);
        var seen = tensors.ToDictionary(t => t, _ => new ValueCollector(method), StringComparer.Ordinal);
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(augmented.ToByteArray(), options);
        for (var start = 0; start < samples.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, samples.Count - start);
            var data = new float[count * perSample];
            for (var i = 0; i < count; i++)
            {
                if (samples[start + i].Length != perSample)
                {
                    throw new ArgumentException($"calibration input {start + i} has {samples[start + i].Length} values; the model takes {perSample}", nameof(samples));
                }

                samples[start + i].CopyTo(data, i * perSample);
            }

            var input = new DenseTensor<float>(data, [count, .. inputShape]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExporter.InputName, input)], tensors.ToArray());
            foreach (var result in results)
            {
                seen[result.Name].Add(result.AsTensor<float>());
            }
        }

        return seen.ToDictionary(kv => kv.Key, kv => kv.Value.Range(), StringComparer.Ordinal);
    }

    /// <summary>Min/max as values stream by; for percentiles every value is kept and sorted once at the end.</summary>
    private sealed class ValueCollector(CalibrationMethod method)
    {
        private readonly List<float> _values = [];
        private float _min = float.PositiveInfinity;
        private float _max = float.NegativeInfinity;

        public void Add(Tensor<float> tensor)
        {
            foreach (var v in tensor)
            {
                _min = Math.Min(_min, v);
                _max = Math.Max(_max, v);
                if (method == CalibrationMethod.Percentile)
                {
                    _values.Add(v);
                }
            }
        }

        public (float Min, float Max) Range()
        {
            if (method == CalibrationMethod.MinMax || _values.Count == 0)
            {
                return (_min, _max);
            }

            _values.Sort();
            return (At(100 - Percentile), At(Percentile));
        }

        /// <summary>Nearest-rank percentile of the sorted values.</summary>
        private float At(double percent)
        {
            var rank = (int)Math.Round(percent / 100 * (_values.Count - 1), MidpointRounding.ToEven);
            return _values[Math.Clamp(rank, 0, _values.Count - 1)];
        }
    }
}
