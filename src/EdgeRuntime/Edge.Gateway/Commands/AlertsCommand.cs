using System.CommandLine;
using System.Globalization;
using Edge.Gateway.Api;
using Edge.Runtime.Alerts;

namespace Edge.Gateway.Commands;

/// <summary><c>edge alerts [--all] [--meter ID]</c>: open (or all) alerts with their evidence, and for a model's alert its score and model version.</summary>
internal static class AlertsCommand
{
    public static Command Create()
    {
        var options = new DaemonOptions();
        var all = new Option<bool>("--all") { Description = "Include acknowledged alerts." };
        var meter = new Option<string?>("--meter") { Description = "Only this meter's alerts." };
        var command = new Command("alerts", "List the running daemon's open alerts (newest first) with their evidence.");
        command.Options.Add(all);
        command.Options.Add(meter);
        options.AddTo(command);
        command.SetAction((parse, cancel) => options.RunAsync(parse, async (daemon, json) =>
        {
            var query = $"api/alerts?limit={AlertEndpoints.MaxLimit}" + (parse.GetValue(all) ? "" : "&open=true")
                + (parse.GetValue(meter) is { Length: > 0 } id ? "&meter=" + Uri.EscapeDataString(id) : "");
            var answer = await daemon.GetAsync(query, ApiJson.Default.IReadOnlyListAlert, cancel).ConfigureAwait(false);
            Console.Out.Write(json ? answer.Json + "\n" : Render(answer.Value));
            return 0;
        }));
        return command;
    }

    public static string Render(IReadOnlyList<Alert> alerts)
    {
        if (alerts.Count == 0)
        {
            return "no alerts\n";
        }

        var table = new TextTable("ID", "METER", "KIND", "RAISED", "SCORE", "MODEL", "STATE", "EVIDENCE");
        foreach (var a in alerts)
        {
            table.Add(
                a.Id.ToString(CultureInfo.InvariantCulture),
                a.MeterId,
                a.Kind.ToString(),
                HumanFormat.Time(a.RaisedAt),
                a.Score is { } s ? s.ToString("0.000", CultureInfo.InvariantCulture) : "-",
                a.ModelVersion ?? "-",
                a.IsOpen ? "open" : $"acked by {a.AcknowledgedBy}",
                a.Evidence);
        }

        return table.ToString();
    }
}
