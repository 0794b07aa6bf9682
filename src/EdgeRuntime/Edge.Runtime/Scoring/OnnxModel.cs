using Edge.ModelContract.Bundles;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Edge.Runtime.Scoring;

/// <summary>
/// One ONNX Runtime session over a verified bundle's model: feature rows in, one theft score per row out.
/// The session is created once and reused; ORT sessions are safe for concurrent Run calls.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly int[] _inputShape;

    private OnnxModel(InferenceSession session, ModelDescription description)
    {
        _session = session;
        _inputShape = [.. description.InputShape];
        InputName = description.InputName;
        OutputName = description.OutputName;
        ValuesPerSample = _inputShape.Aggregate(1, (a, d) => a * d);
    }

    public string InputName { get; }

    public string OutputName { get; }

    /// <summary>Feature values one sample takes (the product of the bundle's input shape without the batch axis).</summary>
    public int ValuesPerSample { get; }

    /// <summary>Loads the model of a bundle that has already passed <see cref="ModelBundle.Verify"/>.</summary>
    /// <param name="intraOpThreads">ORT threads per Run; 1 keeps a Pi's other core free for ingestion.</param>
    public static OnnxModel Load(VerifiedBundle bundle, int intraOpThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        using var options = new SessionOptions { IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1 };
        var session = new InferenceSession(bundle.Model, options);
        return new OnnxModel(session, bundle.Manifest.Model);
    }

    /// <summary>Scores <paramref name="batch"/> samples laid out row after row in <paramref name="features"/>.</summary>
    public float[] Score(ReadOnlySpan<float> features, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (features.Length != batch * ValuesPerSample)
        {
            throw new ArgumentException(
                $"{features.Length} feature values for {batch} samples; the model takes {ValuesPerSample} per sample", nameof(features));
        }

        var tensor = new DenseTensor<float>(features.ToArray(), [batch, .. _inputShape]);
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(InputName, tensor)]);
        var output = results.First(r => r.Name == OutputName).AsEnumerable<float>().ToArray();
        if (output.Length != batch)
        {
            throw new InvalidDataException($"the model gave {output.Length} values for {batch} samples; a theft detector gives one each");
        }

        return output;
    }

    public void Dispose() => _session.Dispose();
}
