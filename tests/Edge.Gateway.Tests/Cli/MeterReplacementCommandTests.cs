using Edge.Gateway.Tests.Support;
using Edge.Gateway.Tests.Api;
using Edge.Runtime.Config;

namespace Edge.Gateway.Tests.Cli;

/// <summary>edge meters replace / edge meters replacements against a running API, and their argument errors.</summary>
[Collection(ConsoleCapture.Collection)]
public sealed class MeterReplacementCommandTests
{
    [Fact]
    public async Task The_admin_declares_a_swap_and_anyone_with_a_token_lists_it()
    {
        await using var gateway = await RunningGateway.StartAsync(new MeterConfig { Id = "m1", Protocol = MeterProtocolName.Dsmr });
        var url = gateway.Url.ToString();

        var declared = EdgeCli.Run("meters", "replace", "m1", "--at", "2026-11-24T05:30:00+01:00", "--old-final-wh", "52000", "--new-initial-wh", "12", "--note", "seal 4711", "--by", "Ana", "--url", url, "--token", RunningGateway.AdminToken);

        Assert.True(declared.Exit == 0, declared.Error);
        Assert.Equal("replacement 1 of meter m1 at 2026-11-24 05:30:00 +01:00 declared by Ana: old meter 52000 Wh, new meter 12 Wh\n", declared.Out);
        Assert.Equal(52_000, Assert.Single(gateway.Replacements.List("m1")).OldFinalWh);

        var listed = EdgeCli.Run("meters", "replacements", "m1", "--url", url, "--token", RunningGateway.ReadToken);
        Assert.True(listed.Exit == 0, listed.Error);
        Assert.Equal(
            "ID  METER  SWAPPED AT                  OLD FINAL  NEW INITIAL  BY   DECLARED                    WITHDRAWN  NOTE\n" +
            "1   m1     2026-11-24 05:30:00 +01:00  52000 Wh   12 Wh        Ana  2026-11-24 06:00:00 +00:00  -          seal 4711\n",
            listed.Out);

        var refused = EdgeCli.Run("meters", "replace", "m1", "--at", "2026-11-24T05:00:00Z", "--old-final-wh", "1", "--new-initial-wh", "0", "--url", url, "--token", RunningGateway.ReadToken);
        Assert.Equal(Program.DaemonUnavailable, refused.Exit);
        Assert.Contains("admin role", refused.Error, StringComparison.Ordinal);

        var unknown = EdgeCli.Run("meters", "replace", "m9", "--at", "2026-11-24T05:00:00Z", "--old-final-wh", "1", "--new-initial-wh", "0", "--url", url, "--token", RunningGateway.AdminToken);
        Assert.Equal(Program.UsageError, unknown.Exit);
        Assert.Contains("meterId: 'm9' is not a meter of this gateway's configuration", unknown.Error, StringComparison.Ordinal);
        Assert.Single(gateway.Replacements.List());
    }

    [Fact]
    public async Task The_admin_withdraws_a_mistaken_declaration_and_the_list_marks_it()
    {
        await using var gateway = await RunningGateway.StartAsync(new MeterConfig { Id = "m1", Protocol = MeterProtocolName.Dsmr });
        var url = gateway.Url.ToString();
        var declared = gateway.Replacements.Declare(new Edge.Runtime.Storage.ReplacementDeclaration("m1", RunningGateway.Start.AddMinutes(-30), 52_000, 12, "Ana", null), RunningGateway.Start);
        gateway.Time.Advance(TimeSpan.FromMinutes(5));

        var refused = EdgeCli.Run("meters", "replacements", "withdraw", "1", "--url", url, "--token", RunningGateway.ReadToken);
        Assert.Equal(Program.DaemonUnavailable, refused.Exit);
        Assert.Contains("admin role", refused.Error, StringComparison.Ordinal);
        Assert.Null(gateway.Replacements.List().Single().WithdrawnAt);

        var withdrawn = EdgeCli.Run("meters", "replacements", "withdraw", "1", "--reason", "wrong house", "--by", "Bo", "--url", url, "--token", RunningGateway.AdminToken);
        Assert.True(withdrawn.Exit == 0, withdrawn.Error);
        Assert.Equal("replacement 1 of meter m1 at 2026-11-24 05:30:00 +00:00 withdrawn by Bo at 2026-11-24 06:05:00 +00:00 (wrong house)\n", withdrawn.Out);
        Assert.Equal(declared with { WithdrawnAt = RunningGateway.Start.AddMinutes(5), WithdrawnBy = "Bo", WithdrawnReason = "wrong house" }, gateway.Replacements.List().Single());

        var listed = EdgeCli.Run("meters", "replacements", "--url", url, "--token", RunningGateway.ReadToken);
        Assert.True(listed.Exit == 0, listed.Error);
        Assert.Equal(
            "ID  METER  SWAPPED AT                  OLD FINAL  NEW INITIAL  BY   DECLARED                    WITHDRAWN                                      NOTE\n" +
            "1   m1     2026-11-24 05:30:00 +00:00  52000 Wh   12 Wh        Ana  2026-11-24 06:00:00 +00:00  2026-11-24 06:05:00 +00:00 by Bo: wrong house  \n",
            listed.Out);

        var twice = EdgeCli.Run("meters", "replacements", "withdraw", "1", "--url", url, "--token", RunningGateway.AdminToken);
        Assert.Equal(Program.UsageError, twice.Exit);
        Assert.Contains("id: replacement 1 of meter m1 was already withdrawn at 2026-11-24 06:05:00 +00:00 by Bo", twice.Error, StringComparison.Ordinal);

        var unknown = EdgeCli.Run("meters", "replacements", "withdraw", "7", "--url", url, "--token", RunningGateway.AdminToken);
        Assert.Equal(Program.UsageError, unknown.Exit);
        Assert.Contains("id: no meter replacement with id 7", unknown.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--at", "2026-11-24T05:30:00", "--at '2026-11-24T05:30:00' is not an ISO 8601 time with a UTC offset or Z")]
    [InlineData("--old-final-wh", "52kWh", "--old-final-wh '52kWh' is not a whole number of Wh")]
    [InlineData("--old-final-wh", "-5", "--old-final-wh must be at least 0 Wh, got -5")]
    [InlineData("--new-initial-wh", "", "--new-initial-wh")]
    public void A_bad_argument_is_one_line_naming_the_option_and_exit_2(string option, string value, string expected)
    {
        var args = new List<string> { "meters", "replace", "m1", "--at", "2026-11-24T05:30:00Z", "--old-final-wh", "52000", "--new-initial-wh", "0", "--url", "http://127.0.0.1:9" };
        var at = args.IndexOf(option);
        if (value.Length == 0)
        {
            args.RemoveRange(at, 2); // the option left out
        }
        else
        {
            args[at + 1] = value;
        }

        var (exit, output, error) = EdgeCli.Run([.. args]);

        Assert.Equal(Program.UsageError, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("edge: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
