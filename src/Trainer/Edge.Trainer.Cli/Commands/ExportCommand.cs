using System.CommandLine;
using Edge.ModelContract.IO;
using Edge.Trainer.Export;
using Edge.Trainer.Training;

namespace Edge.Trainer.Cli.Commands;

/// <summary><c>trainer export</c>: a training run's network as an ONNX model (fp32), with its feature spec in the metadata.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run folder written by 'trainer train'.", Required = true };
        var output = new Option<string?>("--out") { Description = "ONNX file to write (default: RUN/model.onnx)." };
        var command = new Command("export", "Export a trained run's network to ONNX (IR 8, opset 17).") { run, output };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(run)!;
            var path = parse.GetValue(output) ?? Path.Combine(directory, "model.onnx");
            var trained = RunEvaluation.Load(directory);
            byte[] onnx;
            try
            {
                onnx = OnnxExporter.ExportBytes(trained.Network, trained.Spec);
            }
            catch (OnnxExportException e)
            {
                Console.Error.WriteLine($"trainer: {e.Message}");
                return Program.DataError;
            }

            AtomicFile.WriteAllBytes(path, onnx);
            Console.WriteLine($"wrote {path} ({onnx.Length:N0} bytes, {trained.Report.Model}, input {trained.Model.InputShape(trained.Spec)})");
            return 0;
        });
        return command;
    }
}
