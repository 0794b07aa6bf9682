using System.CommandLine;
using System.Globalization;
using Edge.ModelContract.IO;
using Edge.Trainer.Data;
using Edge.Trainer.Evaluation;
using Edge.Trainer.Export;
using Edge.Trainer.Export.Onnx;
using Edge.Trainer.Export.Quantization;
using Edge.Trainer.Training;
using Google.Protobuf;

namespace Edge.Trainer.Cli.Commands;

/// <summary>
/// <c>trainer quantize</c>: an exported fp32 model as an int8 QDQ model, calibrated on the run's training customers,
/// then compared with fp32 on the run's held-out test customers.
/// </summary>
internal static class QuantizeCommand
{
    /// <summary>Calibration inputs taken from the training customers (ORT's examples use a few hundred).</summary>
    private const int CalibrationCustomers = 512;

    /// <summary>One customer at a time (a gateway scoring its meter) and a batch (a gateway with many meters, or the Trainer).</summary>
    private static readonly int[] LatencyBatches = [1, 256];

    private static readonly TimeSpan LatencyBudget = TimeSpan.FromSeconds(3);

    public static Command Create()
    {
        var model = new Option<FileInfo?>("--model") { Description = "fp32 ONNX file written by 'trainer export' (default: RUN/model.onnx)." };
        var run = new Option<DirectoryInfo>("--run") { Description = "Run folder the model was exported from (its data file and split give the calibration inputs).", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "int8 ONNX file to write (default: RUN/model.int8.onnx, which 'trainer bundle' ships)." };
        var method = new Option<string>("--method") { Description = "Activation range calibration: minmax or percentile (99.99th).", DefaultValueFactory = _ => "minmax" };
        method.AcceptOnlyFromAmong("minmax", "percentile");
        var latency = new Option<bool>("--no-latency") { Description = "Skip timing ORT at batch 1 and 256." };
        var command = new Command("quantize", "Quantize an exported model to int8 (static QDQ, dynamic LSTM) and compare it with fp32: size, scores, ROC-AUC, latency.")
        {
            model, run, output, method, latency,
        };
        command.SetAction(parse =>
        {
            var calibration = parse.GetValue(method) == "percentile" ? CalibrationMethod.Percentile : CalibrationMethod.MinMax;
            var directory = parse.GetValue(run)!.FullName;
            var trained = RunEvaluation.Load(directory);
            var modelPath = parse.GetValue(model)?.FullName ?? Path.Combine(directory, "model.onnx");
            var fp32Bytes = File.ReadAllBytes(modelPath);
            ModelProto fp32;
            try
            {
                fp32 = ModelProto.Parser.ParseFrom(fp32Bytes);
            }
            catch (InvalidProtocolBufferException e)
            {
                Console.Error.WriteLine($"trainer: {modelPath} is not an ONNX model: {e.Message}");
                return Program.DataError;
            }

            var dataset = SgccCsvReader.Read(trained.Report.DataFile).Dataset;
            var split = StratifiedSplit.Split(dataset.Labels, trained.Report.TestShare, trained.Report.ValidationShare, trained.Report.Seed);
            var shape = trained.Model.InputShape(trained.Spec).Dimensions.ToArray();
            var calibrationRows = Rows(dataset, trained, split.Train.Take(CalibrationCustomers).ToArray(), shape).Rows;
            byte[] int8Bytes;
            try
            {
                int8Bytes = OnnxQuantizer.Quantize(fp32, shape, calibrationRows, calibration).ToByteArray();
            }
            catch (OnnxExportException e)
            {
                Console.Error.WriteLine($"trainer: {modelPath}: {e.Message}");
                return Program.DataError;
            }

            var outPath = parse.GetValue(output)?.FullName ?? Path.Combine(directory, "model.int8.onnx");
            AtomicFile.WriteAllBytes(outPath, int8Bytes);
            var (test, labels) = Rows(dataset, trained, split.Test, shape);
            var fp32Scores = OnnxScoring.Score(fp32Bytes, shape, test);
            var int8Scores = OnnxScoring.Score(int8Bytes, shape, test);
            var maxDifference = fp32Scores.Zip(int8Scores, (a, b) => Math.Abs(a - b)).Max();
            var threshold = trained.Report.Test.Threshold;
            var fp32Metrics = DetectionMetrics.Compute(fp32Scores, labels, threshold);
            var int8Metrics = DetectionMetrics.Compute(int8Scores, labels, threshold);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {outPath} ({int8Bytes.Length:N0} bytes; fp32 {fp32Bytes.Length:N0} bytes, {(double)int8Bytes.Length / fp32Bytes.Length:P1}), {calibration} calibration on {calibrationRows.Length} training customers"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {test.Length} held-out test customers: max |int8 - fp32| score {maxDifference:F4}; ROC-AUC fp32 {fp32Metrics.RocAuc:F4} int8 {int8Metrics.RocAuc:F4} (change {Math.Round(int8Metrics.RocAuc - fp32Metrics.RocAuc, 4):+0.0000;-0.0000;0.0000}); F1 at threshold {threshold:F4}: fp32 {fp32Metrics.F1:F4} int8 {int8Metrics.F1:F4}"));
            if (!parse.GetValue(latency))
            {
                foreach (var batch in LatencyBatches)
                {
                    var fp32Time = OnnxLatency.Measure(fp32Bytes, shape, batch, LatencyBudget);
                    var int8Time = OnnxLatency.Measure(int8Bytes, shape, batch, LatencyBudget);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  ORT latency, batch {batch}, 1 thread, median CPU (wall): fp32 {fp32Time.CpuMilliseconds:F3} ms ({fp32Time.WallMilliseconds:F3}, {fp32Time.Runs} runs), int8 {int8Time.CpuMilliseconds:F3} ms ({int8Time.WallMilliseconds:F3}, {int8Time.Runs} runs), int8/fp32 CPU {int8Time.CpuMilliseconds / fp32Time.CpuMilliseconds:F2}"));
                }
            }

            return 0;
        });
        return command;
    }

    private static (float[][] Rows, int[] Labels) Rows(ConsumptionDataset dataset, RunEvaluation.TrainedRun trained, int[] customers, int[] shape)
    {
        var (features, labels) = FeatureMatrix.Build(dataset, trained.Spec, customers);
        var perSample = shape.Aggregate(1, (a, d) => a * d);
        var rows = Enumerable.Range(0, customers.Length).Select(i => features.AsSpan(i * perSample, perSample).ToArray()).ToArray();
        return (rows, labels.Select(v => (int)v).ToArray());
    }
}
