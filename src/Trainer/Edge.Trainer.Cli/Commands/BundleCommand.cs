using System.CommandLine;
using Edge.ModelContract.Bundles;
using Edge.ModelContract.IO;
using Edge.Trainer.Export;
using Edge.Trainer.Training;

namespace Edge.Trainer.Cli.Commands;

/// <summary>
/// <c>trainer bundle</c>: a signed model bundle (docs/bundle-format.md) from a run and its exported model, the int8
/// one (RUN/model.int8.onnx from 'trainer quantize') unless fp32 is asked for.
/// </summary>
internal static class BundleCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run folder written by 'trainer train'.", Required = true };
        var model = new Option<string?>("--model") { Description = "ONNX model to ship (default: RUN/model.int8.onnx, or RUN/model.onnx with --fp32)." };
        var fp32 = new Option<bool>("--fp32") { Description = "Ship the fp32 model instead of the int8 one." };
        var keyPath = new Option<string>("--key") { Description = "Private signing key (NAME.key from 'trainer keygen').", Required = true };
        var version = new Option<long>("--version") { Description = "Release number; must be above every earlier bundle of this model id.", Required = true };
        var modelId = new Option<string>("--model-id") { Description = "Stable name of the model line, e.g. gateway-theft.", Required = true };
        var output = new Option<string>("--out") { Description = "Bundle file to write.", Required = true };
        var command = new Command("bundle", "Package an exported model with its manifest and test vectors, signed.") { run, model, fp32, keyPath, version, modelId, output };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(run)!;
            var wanted = parse.GetValue(fp32) ? ModelPrecision.Fp32 : ModelPrecision.Int8;
            var modelPath = parse.GetValue(model) ?? Path.Combine(directory, wanted == ModelPrecision.Int8 ? "model.int8.onnx" : "model.onnx");
            if (!File.Exists(modelPath))
            {
                Console.Error.WriteLine(wanted == ModelPrecision.Int8
                    ? $"trainer: no int8 model at {modelPath}; write one with 'trainer quantize --run {directory}', or ship fp32 with --fp32"
                    : $"trainer: no model at {modelPath}; write one with 'trainer export --run {directory}'");
                return Program.DataError;
            }

            var trained = RunEvaluation.Load(directory);
            var onnx = File.ReadAllBytes(modelPath);
            string precision;
            try
            {
                precision = ModelPrecision.Of(onnx);
            }
            catch (OnnxExportException e)
            {
                Console.Error.WriteLine($"trainer: {modelPath}: {e.Message}");
                return Program.DataError;
            }

            if (precision != wanted)
            {
                Console.Error.WriteLine($"trainer: {modelPath} is a {precision} model; bundles carry int8 unless --fp32 is given");
                return Program.DataError;
            }

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
            Console.WriteLine($"wrote {path} ({bundle.Length:N0} bytes, {precision} model {onnx.Length:N0} bytes, {RunBundle.TestVectorCount} test vectors scored by ORT on it, threshold {trained.Report.Test.Threshold})");
            return 0;
        });
        return command;
    }
}
