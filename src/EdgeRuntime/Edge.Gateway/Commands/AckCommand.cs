using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Edge.Gateway.Api;

namespace Edge.Gateway.Commands;

/// <summary><c>edge ack ID [--by NAME]</c>: acknowledge an alert (needs an admin token).</summary>
internal static class AckCommand
{
    public static Command Create()
    {
        var options = new DaemonOptions();
        var id = new Argument<long>("ID") { Description = "The alert's id (first column of 'edge alerts')." };
        var by = new Option<string?>("--by") { Description = "Who acknowledges (default: the token holder's configured name)." };
        var command = new Command("ack", "Acknowledge an alert on the running daemon (needs an admin token); acknowledging twice keeps the first.");
        command.Arguments.Add(id);
        command.Options.Add(by);
        options.AddTo(command);
        command.SetAction((parse, cancel) => options.RunAsync(parse, async (daemon, json) =>
        {
            var alertId = parse.GetValue(id);
            var body = JsonSerializer.Serialize(new AckRequest(parse.GetValue(by)), ApiJson.Default.AckRequest);
            var answer = await daemon.PostAsync($"api/alerts/{alertId.ToString(CultureInfo.InvariantCulture)}/ack", body, ApiJson.Default.Alert, cancel).ConfigureAwait(false);
            var a = answer.Value;
            Console.Out.Write(json ? answer.Json + "\n"
                : TextTable.Printable($"alert {a.Id} ({a.MeterId}, {a.Kind}) acknowledged by {a.AcknowledgedBy} at {HumanFormat.Time(a.AcknowledgedAt)}") + "\n");
            return 0;
        }));
        return command;
    }
}
