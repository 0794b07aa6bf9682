using System.CommandLine;
using System.Globalization;
using Edge.Gateway.Api;

namespace Edge.Gateway.Commands;

/// <summary>
/// <c>edge meters</c>: every configured meter with its last stored reading, its current and voltage sag and swell counters
/// per phase (as the page shows them), and fault; <c>edge meters replace</c> and <c>edge meters replacements</c> declare
/// and list meter swaps (<see cref="MeterReplacementCommands"/>).
/// </summary>
internal static class MetersCommand
{
    public static Command Create()
    {
        var options = new DaemonOptions();
        var command = new Command("meters", "List the meters the running daemon reads, with their last reading and fault.");
        options.AddTo(command);
        command.Subcommands.Add(MeterReplacementCommands.Replace());
        command.Subcommands.Add(MeterReplacementCommands.List());
        command.SetAction((parse, cancel) => options.RunAsync(parse, async (daemon, json) =>
        {
            var answer = await daemon.GetAsync("api/meters", ApiJson.Default.IReadOnlyListMeterView, cancel).ConfigureAwait(false);
            Console.Out.Write(json ? answer.Json + "\n" : Render(answer.Value));
            return 0;
        }));
        return command;
    }

    public static string Render(IReadOnlyList<MeterView> meters)
    {
        var table = new TextTable(
            "METER", "PROTOCOL", "LINK", "LAST READING", "CURRENT L1/L2/L3", "SAGS L1/L2/L3", "SWELLS L1/L2/L3", "STORED", "REJECTED", "FAULT");
        foreach (var m in meters)
        {
            table.Add(
                m.Id,
                m.Protocol,
                m.Transport,
                HumanFormat.Time(m.LastReadingAt),
                HumanFormat.Currents(m.CurrentA),
                HumanFormat.PerPhase(m.VoltageSags),
                HumanFormat.PerPhase(m.VoltageSwells),
                m.ReadingsStored.ToString(CultureInfo.InvariantCulture),
                m.Rejected.ToString(CultureInfo.InvariantCulture),
                m.Fault ?? "ok");
        }

        return table.ToString();
    }
}
