using Edge.ModelContract.Bundles;
using Microsoft.ML.OnnxRuntime;

namespace Edge.Runtime.Scoring;

/// <summary>
/// One ONNX Runtime session over a verified bundle's model: feature rows in, one theft score per row out.
/// The session is created once and reused; ORT sessions are safe for concurrent Run calls.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly int[] _inputShape;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly BatchShapes _batchShapes;
    private readonly RunOptions _runOptions = new();
    private int _disposed;

    private OnnxModel(InferenceSession session, ModelDescription description)
    {
        _session = session;
        _inputShape = [.. description.InputShape];
        InputName = description.InputName;
        OutputName = description.OutputName;
        ValuesPerSample = _inputShape.Aggregate(1, (a, d) => a * d);
        _inputNames = [InputName];
        _outputNames = [OutputName];
        _batchShapes = new BatchShapes(_inputShape);
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

        return Score(features.ToArray(), 0, batch);
    }

    /// <summary>Scores <paramref name="batch"/> samples that start at <paramref name="offset"/> in <paramref name="features"/>.</summary>
    public float[] Score(float[] features, int offset, int batch)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var length = batch * ValuesPerSample;
        if (features.Length - offset < length)
        {
            throw new ArgumentException(
                $"{features.Length - offset} feature values for {batch} samples; the model takes {ValuesPerSample} per sample", nameof(features));
        }

        return Score(new Memory<float>(features, offset, length), batch);
    }

    /// <summary>
    /// Scores <paramref name="batch"/> samples, exactly <see cref="ValuesPerSample"/> values each, e.g. the used part of
    /// a pooled batch buffer. ORT reads the memory in place (pinned for the run) and the scores are copied straight
    /// out of its output buffer: the gateway pays for the model, not for marshalling (bench/Edge.Bench scoring).
    /// </summary>
    public float[] Score(Memory<float> features, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        // Running a disposed native session crashes the process instead of throwing; model delivery keeps a retired
        // model alive for a grace period, and this check turns a late call into an exception.
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (features.Length != batch * ValuesPerSample)
        {
            throw new ArgumentException(
                $"{features.Length} feature values for {batch} samples; the model takes {ValuesPerSample} per sample", nameof(features));
        }

        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, features, _batchShapes.For(batch));
        using var outputs = _session.Run(_runOptions, _inputNames, [input], _outputNames);
        var output = outputs[0].GetTensorDataAsSpan<float>();
        if (output.Length != batch)
        {
            throw new InvalidDataException($"the model gave {output.Length} values for {batch} samples; a theft detector gives one each");
        }

        return output.ToArray();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _runOptions.Dispose();
        _session.Dispose();
    }

    /// <summary>Input shapes [batch, ..sample] by batch size, built once: a daily run uses one or two sizes.</summary>
    private sealed class BatchShapes(int[] sampleShape)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, long[]> _shapes = new();

        public long[] For(int batch) => _shapes.GetOrAdd(batch, b => [b, .. sampleShape.Select(d => (long)d)]);
    }
}
