using System.CommandLine;
using Edge.ModelContract.Bundles;
using Edge.ModelContract.IO;
using Edge.Trainer.Export;
using Edge.Trainer.Training;

namespace Edge.Trainer.Cli.Commands;

/// <summary><c>trainer bundle</c>: a signed model bundle (docs/bundle-format.md) from a run and its exported model.</summary>
internal static class BundleCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run folder written by 'trainer train'.", Required = true };
        var model = new Option<string>("--model") { Description = "ONNX model exported from the run ('trainer export').", Required = true };
        var keyPath = new Option<string>("--key") { Description = "Private signing key (NAME.key from 'trainer keygen').", Required = true };
        var version = new Option<long>("--version") { Description = "Release number; must be above every earlier bundle of this model id.", Required = true };
        var modelId = new Option<string>("--model-id") { Description = "Stable name of the model line, e.g. gateway-theft.", Required = true };
        var output = new Option<string>("--out") { Description = "Bundle file to write.", Required = true };
        var command = new Command("bundle", "Package an exported model with its manifest and test vectors, signed.") { run, model, keyPath, version, modelId, output };
        command.SetAction(parse =>
        {
            var trained = RunEvaluation.Load(parse.GetValue(run)!);
            var modelPath = parse.GetValue(model)!;
            var onnx = File.ReadAllBytes(modelPath);
            using var key = BundleSigningKey.LoadPrivateKeyPem(parse.GetValue(keyPath)!);
            byte[] bundle;
            try
            {
                bundle = RunBundle.Create(trained, onnx, parse.GetValue(modelId)!, parse.GetValue(version), key, TimeProvider.System);
            }
            catch (Exception e) when (e is OnnxExportException or BundleRejectedException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
            {
                Console.Error.WriteLine($"trainer: {modelPath}: {e.Message}");
                return Program.DataError;
            }

            var path = parse.GetValue(output)!;
            AtomicFile.WriteAllBytes(path, bundle);
            Console.WriteLine($"wrote {path} ({bundle.Length:N0} bytes, {RunBundle.TestVectorCount} test vectors, threshold {trained.Report.Test.Threshold})");
            return 0;
        });
        return command;
    }
}
