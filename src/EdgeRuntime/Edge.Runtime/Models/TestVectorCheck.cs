using Edge.ModelContract.Bundles;
using Edge.Runtime.Scoring;

namespace Edge.Runtime.Models;

/// <summary>
/// Runs a bundle's test vectors through the loaded model before it may score customers: the same model bytes must
/// give the scores ONNX Runtime gave when the bundle was made (docs/bundle-format.md, test-vectors.json), and every
/// score must be a finite number.
/// </summary>
public static class TestVectorCheck
{
    /// <summary>Throws <see cref="ModelRejectedException"/> naming the first vector that fails.</summary>
    public static void Run(OnnxModel model, TestVectors vectors)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Inputs.Count == 0)
        {
            throw new ModelRejectedException(ModelRejection.TestVectorMismatch, "the bundle has no test vectors, so the model cannot be checked on this CPU");
        }

        if (!float.IsFinite(vectors.Tolerance) || vectors.Tolerance < 0)
        {
            throw new ModelRejectedException(ModelRejection.TestVectorMismatch, $"test-vector tolerance {vectors.Tolerance} is not a non-negative number");
        }

        var batch = vectors.Inputs.Count;
        var features = new float[batch * model.ValuesPerSample];
        for (var i = 0; i < batch; i++)
        {
            vectors.Inputs[i].CopyTo(features, i * model.ValuesPerSample);
        }

        float[] scores;
        try
        {
            scores = model.Score(features, batch);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // ORT reports a model that does not fit its declared input as an OnnxRuntimeException; any failure here means the model cannot run.
            throw new ModelRejectedException(ModelRejection.ModelLoadFailed, $"the model failed on its own test vectors: {e.Message}");
        }

        for (var i = 0; i < batch; i++)
        {
            if (!float.IsFinite(scores[i]))
            {
                throw new ModelRejectedException(ModelRejection.NonFiniteScore, $"test vector {i} scored {scores[i]}; a theft score is a finite number");
            }

            var expected = vectors.ExpectedScores[i];
            if (!(Math.Abs(scores[i] - expected) <= vectors.Tolerance))
            {
                throw new ModelRejectedException(ModelRejection.TestVectorMismatch,
                    $"test vector {i} scored {scores[i]:R}, expected {expected:R} within {vectors.Tolerance:R}");
            }
        }
    }
}
