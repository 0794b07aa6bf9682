using System.CommandLine;
using Edge.Gateway.Api;

namespace Edge.Gateway.Commands;

/// <summary><c>edge status</c>: the running daemon's model, meters, open alerts and faults.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var options = new DaemonOptions();
        var command = new Command("status", "Show the running gateway daemon's status: model, meters, open alerts, faults.");
        options.AddTo(command);
        command.SetAction((parse, cancel) => options.RunAsync(parse, async (daemon, json) =>
        {
            var answer = await daemon.GetAsync("api/status", ApiJson.Default.GatewayStatus, cancel).ConfigureAwait(false);
            Console.Out.Write(json ? answer.Json + "\n" : Render(answer.Value));
            return 0;
        }));
        return command;
    }

    public static string Render(GatewayStatus s)
    {
        var table = new TextTable("", "");
        table.Add("gateway", s.GatewayId);
        table.Add("up", $"{HumanFormat.Duration(s.UptimeSeconds)} (since {HumanFormat.Time(s.StartedAt)})");
        table.Add("model", s.Model ?? "none installed (local rules only)");
        table.Add("meters", $"{s.Meters.Configured} configured, {s.Meters.Reporting} reporting, {s.Meters.Faulty} with a fault");
        table.Add("open alerts", s.AlertsOpen.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.Add("faults", s.Faults.Count == 0 ? "none" : string.Join("; ", s.Faults.Select(f => $"{f.Component}: {f.Message} (since {HumanFormat.Time(f.Since)})")));
        // The two-column table has an empty header line; drop it.
        return table.ToString()[(table.ToString().IndexOf('\n', StringComparison.Ordinal) + 1)..];
    }
}
