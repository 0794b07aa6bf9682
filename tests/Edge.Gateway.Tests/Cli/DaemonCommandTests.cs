using Edge.Gateway.Tests.Support;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Edge.Gateway.Tests.Api;
using Edge.MeterAdapter.Readings;
using Edge.Runtime.Alerts;
using Edge.Runtime.Config;

namespace Edge.Gateway.Tests.Cli;

/// <summary>edge status / meters / alerts / ack against a running API, and against nothing.</summary>
[Collection(ConsoleCapture.Collection)]
public sealed class DaemonCommandTests
{
    [Fact]
    public async Task Meters_prints_one_row_per_configured_meter()
    {
        await using var gateway = await StartAsync();
        var (exit, output, error) = EdgeCli.Run("meters", "--url", gateway.Url.ToString(), "--token", RunningGateway.ReadToken);

        Assert.True(exit == 0, error);
        // Columns are as wide as their widest cell plus two spaces; the last is not padded.
        // m1's sags and swells per phase are the DSMR 5.0.2 §6.12 example's (StartAsync); m2, an S0 line, reports none.
        Assert.Equal(
            "METER  PROTOCOL  LINK         LAST READING                CURRENT L1/L2/L3  SAGS L1/L2/L3  SWELLS L1/L2/L3  STORED  REJECTED  FAULT\n" +
            "m1     dsmr      connected    2026-11-24 06:00:00 +00:00  3.4 / - / 0.41 A  2 / 1 / 0      0 / 3 / 0        1       2         ok\n" +
            "m2     s0        not started  never                       -                 -              -                0       0         no frame for 120 s\n",
            output);
    }

    [Fact]
    public async Task Status_alerts_and_ack_work_and_ack_needs_the_admin_role()
    {
        await using var gateway = await StartAsync();
        var url = gateway.Url.ToString();
        var alert = gateway.Raise("m1", AlertKind.PulseRegisterMismatch, "S0 12.40 kWh vs register 3.10 kWh");

        var status = EdgeCli.Run("status", "--url", url, "--token", RunningGateway.ReadToken);
        Assert.True(status.Exit == 0, status.Error);
        Assert.Contains("gateway         gw-test\n", status.Out, StringComparison.Ordinal);
        Assert.Contains("meters          2 configured, 1 reporting, 1 with a fault\n", status.Out, StringComparison.Ordinal);
        Assert.Contains("open alerts     1\n", status.Out, StringComparison.Ordinal);
        Assert.Contains("meter:m2: no frame for 120 s", status.Out, StringComparison.Ordinal);

        var alerts = EdgeCli.Run("alerts", "--url", url, "--token", RunningGateway.ReadToken);
        Assert.True(alerts.Exit == 0, alerts.Error);
        Assert.Equal(
            "ID  METER  KIND                   RAISED                      SCORE  MODEL  STATE  EVIDENCE\n" +
            "1   m1     PulseRegisterMismatch  2026-11-24 06:00:00 +00:00  -      -      open   S0 12.40 kWh vs register 3.10 kWh\n",
            alerts.Out);

        var refused = EdgeCli.Run("ack", alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--url", url, "--token", RunningGateway.ReadToken);
        Assert.Equal(Program.DaemonUnavailable, refused.Exit);
        Assert.Contains("admin", refused.Error, StringComparison.Ordinal);
        Assert.Contains("403", refused.Error, StringComparison.Ordinal);
        Assert.True(gateway.Alerts.Get(alert.Id)!.IsOpen);

        var ack = EdgeCli.Run("ack", "1", "--by", "Ana", "--url", url, "--token", RunningGateway.AdminToken);
        Assert.True(ack.Exit == 0, ack.Error);
        Assert.Equal("alert 1 (m1, PulseRegisterMismatch) acknowledged by Ana at 2026-11-24 06:00:00 +00:00\n", ack.Out);
        Assert.Equal("Ana", gateway.Alerts.Get(alert.Id)!.AcknowledgedBy);

        Assert.Equal("no alerts\n", EdgeCli.Run("alerts", "--url", url, "--token", RunningGateway.ReadToken).Out);
        var all = EdgeCli.Run("alerts", "--all", "--json", "--url", url, "--token", RunningGateway.ReadToken);
        using var json = JsonDocument.Parse(all.Out);
        Assert.Equal("Ana", json.RootElement[0].GetProperty("acknowledgedBy").GetString());

        var unknown = EdgeCli.Run("ack", "42", "--url", url, "--token", RunningGateway.AdminToken);
        Assert.Equal(Program.UsageError, unknown.Exit);
        Assert.Contains("no alert with id 42", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_models_alert_shows_its_score_and_model_version()
    {
        await using var gateway = await StartAsync();
        gateway.Raise("m2", AlertKind.ModelScore, "score 0.912 >= threshold 0.807", score: 0.912f);

        var alerts = EdgeCli.Run("alerts", "--url", gateway.Url.ToString(), "--token", RunningGateway.ReadToken);

        Assert.True(alerts.Exit == 0, alerts.Error);
        Assert.Equal(
            "ID  METER  KIND        RAISED                      SCORE  MODEL            STATE  EVIDENCE\n" +
            "1   m2     ModelScore  2026-11-24 06:00:00 +00:00  0.912  gateway-theft@3  open   score 0.912 >= threshold 0.807\n",
            alerts.Out);
    }

    [Fact]
    public async Task Missing_and_unknown_tokens_are_told_apart_and_EDGE_TOKEN_is_used()
    {
        await using var gateway = await StartAsync();
        var url = gateway.Url.ToString();

        var none = EdgeCli.Run("status", "--url", url);
        Assert.Equal(Program.DaemonUnavailable, none.Exit);
        Assert.Contains("no token given", none.Error, StringComparison.Ordinal);

        var wrong = EdgeCli.Run("status", "--url", url, "--token", "guess");
        Assert.Equal(Program.DaemonUnavailable, wrong.Exit);
        Assert.Contains("does not know this token (401)", wrong.Error, StringComparison.Ordinal);

        Environment.SetEnvironmentVariable("EDGE_TOKEN", RunningGateway.ReadToken);
        try
        {
            Assert.Equal(0, EdgeCli.Run("status", "--url", url).Exit);
        }
        finally
        {
            Environment.SetEnvironmentVariable("EDGE_TOKEN", null);
        }
    }

    [Fact]
    public async Task The_url_comes_from_the_config_file_with_a_wildcard_host_reached_on_loopback()
    {
        await using var gateway = await StartAsync();
        var directory = Directory.CreateTempSubdirectory("edge-cli-").FullName;
        try
        {
            var config = Path.Combine(directory, "gateway.json");
            await File.WriteAllTextAsync(config, $$"""
                {
                  "gatewayId": "gw-test",
                  "timeZone": "UTC",
                  "dataDirectory": "data",
                  "meters": [ { "id": "m1", "protocol": "dsmr", "device": "/dev/ttyUSB0" } ],
                  "api": { "listenUrl": "http://0.0.0.0:{{gateway.Url.Port}}" }
                }
                """);
            var (exit, output, error) = EdgeCli.Run("status", "--config", config, "--token", RunningGateway.ReadToken);
            Assert.True(exit == 0, error);
            Assert.Contains("gw-test", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Nothing_listening_gives_exit_4_and_says_so()
    {
        // A port that was just free: bind, note it, release it.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        foreach (var command in new[] { "status", "meters", "alerts" })
        {
            var (exit, output, error) = EdgeCli.Run(command, "--url", $"http://127.0.0.1:{port}", "--token", "x");
            Assert.Equal(Program.DaemonUnavailable, exit);
            Assert.Equal("", output);
            Assert.Contains($"cannot reach the gateway daemon at http://127.0.0.1:{port}/", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }

        var ack = EdgeCli.Run("ack", "1", "--url", $"http://127.0.0.1:{port}", "--token", "x");
        Assert.Equal(Program.DaemonUnavailable, ack.Exit);
    }

    private static async Task<RunningGateway> StartAsync()
    {
        var gateway = await RunningGateway.StartAsync(
            new MeterConfig { Id = "m1", Protocol = MeterProtocolName.Dsmr },
            new MeterConfig { Id = "m2", Protocol = MeterProtocolName.S0 });
        var m1 = gateway.Meters.For("m1", "dsmr");
        m1.SetTransport("connected");
        m1.Received();
        m1.Stored(new MeterReading
        {
            MeterId = "m1",
            Protocol = MeterProtocol.DsmrP1,
            GatewayTime = RunningGateway.Start,
            Instant = new InstantaneousValues { CurrentA = [3.4, null, 0.41] }, // L2 not reported
            // DSMR 5.0.2 §6.12 example: 1-0:32/52/72.32.0 (sags) 2, 1, 0 and 1-0:32/52/72.36.0 (swells) 0, 3, 0.
            Events = new MeterEvents { VoltageSags = 3, VoltageSwells = 3, VoltageSagsByPhase = [2, 1, 0], VoltageSwellsByPhase = [0, 3, 0] },
        });
        m1.SetRejects([KeyValuePair.Create("BadCrc", 2L)]);
        gateway.Faults.Report("meter:m2", "no frame for 120 s");
        return gateway;
    }
}
