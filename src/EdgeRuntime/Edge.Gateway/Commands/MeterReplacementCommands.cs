using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using Edge.Gateway.Api;
using Edge.Runtime.Storage;

namespace Edge.Gateway.Commands;

/// <summary>
/// <c>edge meters replace METER --at TIME --old-final-wh N --new-initial-wh N [--note TEXT] [--by NAME]</c> (admin token),
/// <c>edge meters replacements [METER]</c> and <c>edge meters replacements withdraw ID [--reason TEXT] [--by NAME]</c>
/// (admin token): declare a meter swap on the running daemon, list the declared ones, withdraw one declared by mistake.
/// </summary>
internal static class MeterReplacementCommands
{
    public static Command Replace()
    {
        var options = new DaemonOptions();
        var meter = new Argument<string>("METER") { Description = "The replaced meter's id, as in the config (first column of 'edge meters')." };
        var at = new Option<DateTimeOffset>("--at")
        {
            Description = "When the swap was made: ISO 8601 with a UTC offset or Z, e.g. 2026-11-23T10:30:00+01:00.",
            Required = true,
            CustomParser = ParseInstant,
        };
        var oldFinal = new Option<long>("--old-final-wh") { Description = "The old meter's import register when taken out, in Wh.", Required = true, CustomParser = r => ParseWh(r, "--old-final-wh") };
        var newInitial = new Option<long>("--new-initial-wh") { Description = "The new meter's import register when put in, in Wh.", Required = true, CustomParser = r => ParseWh(r, "--new-initial-wh") };
        var note = new Option<string?>("--note") { Description = "Why, serial numbers, seal numbers: kept with the declaration." };
        var by = new Option<string?>("--by") { Description = "Who declares (default: the token holder's configured name)." };

        var command = new Command("replace", "Declare that a meter was swapped, so the register drop is counted as consumption on both meters, not flagged (needs an admin token).");
        command.Arguments.Add(meter);
        command.Options.Add(at);
        command.Options.Add(oldFinal);
        command.Options.Add(newInitial);
        command.Options.Add(note);
        command.Options.Add(by);
        options.AddTo(command);
        command.SetAction((parse, cancel) => options.RunAsync(parse, async (daemon, json) =>
        {
            var request = new ReplacementRequest
            {
                MeterId = parse.GetValue(meter),
                At = parse.GetValue(at).ToString("O", CultureInfo.InvariantCulture),
                OldFinalWh = parse.GetValue(oldFinal),
                NewInitialWh = parse.GetValue(newInitial),
                Note = parse.GetValue(note),
                By = parse.GetValue(by),
            };
            var body = JsonSerializer.Serialize(request, ApiJson.Default.ReplacementRequest);
            var answer = await daemon.PostAsync("api/replacements", body, ApiJson.Default.DeclaredReplacement, cancel).ConfigureAwait(false);
            var r = answer.Value;
            Console.Out.Write(json ? answer.Json + "\n"
                : TextTable.Printable($"replacement {r.Id} of meter {r.MeterId} at {HumanFormat.Time(r.At)} declared by {r.DeclaredBy}: old meter {Wh(r.OldFinalWh)}, new meter {Wh(r.NewInitialWh)}") + "\n");
            return 0;
        }));
        return command;
    }

    public static Command List()
    {
        var options = new DaemonOptions();
        var meter = new Argument<string?>("METER") { Description = "Only this meter's replacements.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("replacements", "List the meter replacements declared on the running daemon, withdrawn ones marked.");
        command.Arguments.Add(meter);
        command.Subcommands.Add(Withdraw());
        options.AddTo(command);
        command.SetAction((parse, cancel) => options.RunAsync(parse, async (daemon, json) =>
        {
            var id = parse.GetValue(meter);
            var path = string.IsNullOrEmpty(id) ? "api/replacements" : "api/replacements?meter=" + Uri.EscapeDataString(id);
            var answer = await daemon.GetAsync(path, ApiJson.Default.IReadOnlyListDeclaredReplacement, cancel).ConfigureAwait(false);
            Console.Out.Write(json ? answer.Json + "\n" : Render(answer.Value));
            return 0;
        }));
        return command;
    }

    public static Command Withdraw()
    {
        var options = new DaemonOptions();
        var id = new Argument<long>("ID") { Description = "The replacement's id (first column of 'edge meters replacements')." };
        var reason = new Option<string?>("--reason") { Description = "Why it is withdrawn (wrong meter, wrong registers, ...): kept with it." };
        var by = new Option<string?>("--by") { Description = "Who withdraws (default: the token holder's configured name)." };
        var command = new Command(
            "withdraw",
            "Withdraw a meter replacement declared by mistake (needs an admin token). It is kept, marked withdrawn, for the record; "
            + "the days it changed are recomputed without it, so a register drop it covered is flagged again.");
        command.Arguments.Add(id);
        command.Options.Add(reason);
        command.Options.Add(by);
        options.AddTo(command);
        command.SetAction((parse, cancel) => options.RunAsync(parse, async (daemon, json) =>
        {
            var body = JsonSerializer.Serialize(new WithdrawalRequest { By = parse.GetValue(by), Reason = parse.GetValue(reason) }, ApiJson.Default.WithdrawalRequest);
            var path = "api/replacements/" + parse.GetValue(id).ToString(CultureInfo.InvariantCulture);
            var answer = await daemon.DeleteAsync(path, body, ApiJson.Default.DeclaredReplacement, cancel).ConfigureAwait(false);
            var r = answer.Value;
            Console.Out.Write(json ? answer.Json + "\n"
                : TextTable.Printable($"replacement {r.Id} of meter {r.MeterId} at {HumanFormat.Time(r.At)} withdrawn by {r.WithdrawnBy} at {HumanFormat.Time(r.WithdrawnAt)}"
                    + (r.WithdrawnReason is { } why ? $" ({why})" : "")) + "\n");
            return 0;
        }));
        return command;
    }

    public static string Render(IReadOnlyList<DeclaredReplacement> replacements)
    {
        if (replacements.Count == 0)
        {
            return "no replacements declared\n";
        }

        var table = new TextTable("ID", "METER", "SWAPPED AT", "OLD FINAL", "NEW INITIAL", "BY", "DECLARED", "WITHDRAWN", "NOTE");
        foreach (var r in replacements)
        {
            table.Add(
                r.Id.ToString(CultureInfo.InvariantCulture),
                r.MeterId,
                HumanFormat.Time(r.At),
                Wh(r.OldFinalWh),
                Wh(r.NewInitialWh),
                r.DeclaredBy,
                HumanFormat.Time(r.DeclaredAt),
                Withdrawal(r),
                r.Note ?? "");
        }

        return table.ToString();
    }

    /// <summary>"-" for a replacement in force; when withdrawn, when, by whom and why.</summary>
    private static string Withdrawal(DeclaredReplacement r) =>
        r.WithdrawnAt is null ? "-" : $"{HumanFormat.Time(r.WithdrawnAt)} by {r.WithdrawnBy}" + (r.WithdrawnReason is { } why ? $": {why}" : "");

    private static string Wh(long wh) => wh.ToString(CultureInfo.InvariantCulture) + " Wh";

    private static DateTimeOffset ParseInstant(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        if (ReplacementDeclaration.TryParseInstant(text, out var at))
        {
            return at;
        }

        result.AddError($"--at '{text}' is not an ISO 8601 time with a UTC offset or Z, e.g. 2026-11-23T10:30:00+01:00");
        return default;
    }

    /// <summary>A register as read off a display: a whole number of Wh, at least 0.</summary>
    private static long ParseWh(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var wh))
        {
            result.AddError($"{name} '{text}' is not a whole number of Wh (a register of 52.3 kWh is 52300)");
            return 0;
        }

        if (wh < 0)
        {
            result.AddError($"{name} must be at least 0 Wh, got {text}");
        }

        return wh;
    }
}
