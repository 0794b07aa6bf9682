using System.Globalization;
using Edge.ModelContract.Bundles;
using Edge.Runtime.Scoring;
using Microsoft.ML.OnnxRuntime;

namespace Edge.Gateway.SelfTest;

/// <summary>
/// Verifies a bundle against a trusted public key and runs its test vectors through ONNX Runtime on this CPU,
/// exactly as activation does: the scores the Trainer recorded must come back within the bundle's tolerance.
/// </summary>
public static class BundleSelfTest
{
    public static void Run(byte[] bundle, BundlePublicKey trustedKey, SelfTestReport report)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(trustedKey);
        ArgumentNullException.ThrowIfNull(report);
        VerifiedBundle verified;
        try
        {
            verified = ModelBundle.Verify(bundle, [trustedKey]);
        }
        catch (BundleRejectedException e)
        {
            report.Check("bundle", $"reason={e.Reason}", passed: false);
            report.Comment(e.Message);
            return;
        }

        var manifest = verified.Manifest;
        var vectors = verified.TestVectors;
        report.Check("bundle",
            $"model={manifest.ModelId} version={manifest.Version} precision={manifest.Model.Precision} " +
            $"input={string.Join('x', manifest.Model.InputShape)} vectors={vectors.Inputs.Count} key={verified.SignerKeyId[..16]}",
            passed: true);

        float[] scores;
        try
        {
            using var model = OnnxModel.Load(verified);
            scores = model.Score(vectors.Inputs.SelectMany(v => v).ToArray(), vectors.Inputs.Count);
        }
        catch (Exception e) when (e is OnnxRuntimeException or InvalidDataException or ArgumentException)
        {
            report.Check("score", "vector=all", passed: false);
            report.Comment($"ONNX Runtime could not run the bundle's model: {e.Message}");
            return;
        }

        for (var i = 0; i < scores.Length; i++)
        {
            var expected = vectors.ExpectedScores[i];
            var difference = Math.Abs(scores[i] - expected);
            report.Check("score",
                $"vector={i} expected={Number(expected)} actual={Number(scores[i])} diff={difference.ToString("0.###E+0", CultureInfo.InvariantCulture)} tolerance={Number(vectors.Tolerance)}",
                passed: float.IsFinite(scores[i]) && difference <= vectors.Tolerance);
        }
    }

    private static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
