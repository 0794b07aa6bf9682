using Edge.Trainer.Cli;

namespace Edge.Trainer.Tests.Cli;

/// <summary>
/// What a user sees when the command line or the data is wrong: a nonzero exit code of the documented kind, the
/// problem on one line that names the file, line or option, and neither a stack trace nor a help dump.
/// </summary>
[Collection(TrainerConsole.Collection)]
public sealed class BadInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-trainer-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Missing_data_file_is_a_data_error_naming_the_file()
    {
        var missing = Path.Combine(_directory, "absent.csv");
        var (exit, _, errors) = TrainerConsole.Run("train", "--data", missing, "--out", Path.Combine(_directory, "run"));

        Assert.Equal(Program.DataError, exit);
        Assert.StartsWith($"trainer: {missing}: cannot open", errors[^1], StringComparison.Ordinal);
        AssertNoStackTrace(errors);
        Assert.False(Directory.Exists(Path.Combine(_directory, "run")));
    }

    [Fact]
    public void Flag_other_than_zero_or_one_names_line_and_column()
    {
        // Line 1 is the header; the second customer (line 3) has FLAG 2 in column 2.
        var csv = Path.Combine(_directory, "flags.csv");
        File.WriteAllText(csv, "CONS_NO,FLAG,2014/1/1,2014/1/2\nA,0,1.5,2\nB,2,3,4\n");

        var (exit, _, errors) = TrainerConsole.Run("train", "--data", csv, "--out", Path.Combine(_directory, "run"));

        Assert.Equal(Program.DataError, exit);
        Assert.Equal($"trainer: {csv}, line 3, column 2: FLAG must be 0 (normal) or 1 (theft), got '2'", errors[^1]);
        AssertNoStackTrace(errors);
    }

    [Theory]
    [InlineData("train --model seed-gru --data x.csv --out run")]
    [InlineData("summary --model seed-gru")]
    public void Unknown_model_is_a_usage_error_listing_the_known_models(string commandLine)
    {
        var args = commandLine.Split(' ');
        var (exit, output, errors) = TrainerConsole.Run(args);

        Assert.Equal(Program.UsageError, exit);
        Assert.Equal(
            ["trainer: unknown model 'seed-gru'; known models: seed-rnn, seed-cnn, seed-lstm, seed-cnn-lstm, wide-deep, gateway", $"trainer: see 'trainer {args[0]} --help'"],
            errors);
        Assert.DoesNotContain("Usage:", output, StringComparison.Ordinal);
        AssertNoStackTrace(errors);
    }

    [Fact]
    public void Missing_required_option_is_named()
    {
        var (exit, output, errors) = TrainerConsole.Run("train", "--out", _directory);

        Assert.Equal(Program.UsageError, exit);
        Assert.Equal(["trainer: Option '--data' is required.", "trainer: see 'trainer train --help'"], errors);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void Unknown_feature_channel_lists_the_known_ones()
    {
        var (exit, _, errors) = TrainerConsole.Run("train", "--data", "x.csv", "--out", _directory, "--channels", "kwh,weather");

        Assert.Equal(Program.UsageError, exit);
        Assert.Equal(
            "trainer: unknown feature channel 'weather'; known channels: kwh, missing-day, zero-reading, year-over-year, day-change",
            errors[0]);
        AssertNoStackTrace(errors);
    }

    [Fact]
    public void Steps_per_epoch_must_be_a_positive_number_of_batches()
    {
        var (exit, _, errors) = TrainerConsole.Run("train", "--data", "x.csv", "--out", _directory, "--steps-per-epoch", "0");

        Assert.Equal(Program.UsageError, exit);
        Assert.Equal("trainer: --steps-per-epoch must be a positive number of batches.", errors[0]);
        AssertNoStackTrace(errors);
    }

    [Fact]
    public void Seed_model_refuses_channels_it_cannot_read()
    {
        var (exit, _, errors) = TrainerConsole.Run(
            "train", "--data", "x.csv", "--out", _directory, "--model", "seed-cnn", "--channels", "kwh,missing-day");

        Assert.Equal(Program.UsageError, exit);
        Assert.Equal(["trainer: model seed-cnn reads only the kwh channel(s), not kwh, missing-day"], errors);
    }

    [Fact]
    public void Evaluating_a_folder_that_is_no_run_is_an_io_error_naming_the_missing_file()
    {
        var (exit, _, errors) = TrainerConsole.Run("evaluate", "--run", _directory);

        Assert.Equal(Program.IoError, exit);
        Assert.Equal([$"trainer: {Path.Combine(_directory, "report.json")} is missing; is {_directory} a folder written by 'trainer train'?"], errors);
    }

    private static void AssertNoStackTrace(string[] errors) =>
        Assert.DoesNotContain(errors, line => line.StartsWith("at ", StringComparison.Ordinal) || line.Contains("Exception", StringComparison.Ordinal));
}
