using Edge.Runtime.Health;
using Edge.Runtime.Ingest;
using Edge.Runtime.Storage;

namespace Edge.IngestHarness;

/// <summary>
/// Usage: Edge.IngestHarness DATABASE. Ingests 200 synthetic readings/s into DATABASE until killed, printing
/// "ack N" for every reading N once the transaction holding it has committed (the line is flushed before the next
/// batch is written). Numbering continues after the highest number already stored.
/// </summary>
internal static class Program
{
    private const string MeterId = "soak";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 1)
        {
            await Console.Error.WriteLineAsync("usage: Edge.IngestHarness DATABASE");
            return 2;
        }

        using var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = args[0] });
        var first = (store.LatestImportWh(MeterId) ?? 0) + 1;
        var time = TimeProvider.System;
        var board = new MeterStatusBoard();
        board.For(MeterId, "synthetic");
        var writer = new ReadingWriter(store, board, new FaultBoard(time), new PipelineHeartbeat(time), time, new ReadingWriterOptions());
        using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
        writer.Acknowledged += batch =>
        {
            foreach (var reading in batch)
            {
                stdout.Write("ack ");
                stdout.WriteLine(reading.Energy.ImportTotalWh!.Value);
            }

            stdout.Flush();
        };
        await stdout.WriteLineAsync($"start {first}");
        await stdout.FlushAsync();

        var pipeline = new IngestPipeline([new SyntheticMeterSource(MeterId, first, 10, TimeSpan.FromMilliseconds(50))], writer, 4096);
        await pipeline.RunAsync(CancellationToken.None, CancellationToken.None);
        return 0;
    }
}
