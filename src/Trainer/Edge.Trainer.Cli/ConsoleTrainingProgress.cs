using System.Diagnostics;
using System.Globalization;
using System.Text;
using Edge.Engine.Models.Callbacks;
using Edge.Trainer.Training;

namespace Edge.Trainer.Cli;

/// <summary>
/// Draws training progress on stderr: a bar per epoch redrawn in place on a terminal (at most ten times a second),
/// and one line per finished epoch with the Keras logs, so redirected output stays readable.
/// </summary>
internal sealed class ConsoleTrainingProgress : ITrainingProgress
{
    private const int BarWidth = 30;
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
    private readonly Stopwatch _epochClock = new();
    private readonly bool _interactive = !Console.IsErrorRedirected;

    public void Stage(string description) => Console.Error.WriteLine($"trainer: {description}");

    public void Batch(in BatchProgress progress)
    {
        if (progress.Batch == 0)
        {
            _epochClock.Restart();
        }

        var last = progress.Batch + 1 == progress.Batches;
        if (!_interactive || (!last && _sinceDraw.ElapsedMilliseconds < 100))
        {
            return;
        }

        _sinceDraw.Restart();
        var done = (progress.Batch + 1) / (double)progress.Batches;
        var filled = (int)Math.Round(done * BarWidth);
        Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
            $"\repoch {progress.Epoch + 1}/{progress.Epochs} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {progress.Batch + 1}/{progress.Batches} loss {progress.Loss:F4}"));
    }

    public void EpochEnd(int epoch, int epochs, IReadOnlyDictionary<string, double> logs)
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"epoch {epoch + 1}/{epochs} {_epochClock.Elapsed.TotalSeconds:F1}s");
        foreach (var (key, value) in logs)
        {
            line.Append(CultureInfo.InvariantCulture, $" {key} {value:F4}");
        }

        Console.Error.WriteLine((_interactive ? "\r" : "") + line.ToString().PadRight(BarWidth + 40));
    }

    public void Message(string text) => Console.Error.WriteLine(text);
}
