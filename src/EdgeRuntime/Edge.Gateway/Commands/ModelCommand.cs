using System.CommandLine;
using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Edge.Runtime.Models;

namespace Edge.Gateway.Commands;

/// <summary>
/// <c>edge model install FILE | list | rollback</c> (docs/model-delivery.md, "The CLI"). Install and rollback act on
/// the model directory themselves when no daemon holds its lock, and go through the daemon otherwise, so only one
/// process ever writes it.
/// </summary>
internal static class ModelCommand
{
    public const string DefaultConfigPath = "/etc/edge/gateway.json";

    public static Command Create()
    {
        var command = new Command("model", "Install, list and roll back theft-detection model bundles.");
        command.Subcommands.Add(Install());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Rollback());
        return command;
    }

    private static Option<string> ConfigOption() =>
        new("--config") { Description = "The gateway's config file (its models section names the directories and trusted keys).", DefaultValueFactory = _ => DefaultConfigPath };

    private static Command Install()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The signed bundle (.bundle) to install." };
        var config = ConfigOption();
        var command = new Command("install", "Verify a bundle (signature, hashes, version, input spec, test vectors) and make it the active model.");
        command.Arguments.Add(file);
        command.Options.Add(config);
        command.SetAction((parse, cancel) => WithConfig(parse, config, async options =>
        {
            var bundle = await File.ReadAllBytesAsync(parse.GetValue(file)!.FullName, cancel).ConfigureAwait(false);
            return await OnModelDirectory(options, async installer =>
            {
                var outcome = await installer.InstallAsync(bundle, "cli", cancel).ConfigureAwait(false);
                if (outcome.Reason == ModelRejection.AlreadyActive)
                {
                    await Console.Out.WriteLineAsync($"{outcome.Label} is already active (this very bundle)").ConfigureAwait(false);
                    return 0;
                }

                if (!outcome.Activated)
                {
                    await Console.Error.WriteLineAsync($"edge: bundle rejected ({outcome.Reason}): {outcome.Message}").ConfigureAwait(false);
                    return Program.UsageError;
                }

                var previous = installer.Status.Previous;
                await Console.Out.WriteLineAsync($"{outcome.Label} is active{(previous is null ? "" : $" (previous: {previous})")}").ConfigureAwait(false);
                return 0;
            }).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Rollback()
    {
        var reason = new Option<string>("--reason") { Description = "Why, for the record in state.json.", DefaultValueFactory = _ => "operator rollback" };
        var config = ConfigOption();
        var command = new Command("rollback", "Reactivate the kept previous bundle. The newer version stays refused: only a newer release replaces it.");
        command.Options.Add(reason);
        command.Options.Add(config);
        command.SetAction((parse, cancel) => WithConfig(parse, config, options => OnModelDirectory(options, async installer =>
        {
            try
            {
                var record = await installer.RollbackAsync(parse.GetValue(reason)!, cancel).ConfigureAwait(false);
                await Console.Out.WriteLineAsync($"rolled back from {record.From} to {record.To}").ConfigureAwait(false);
                return 0;
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync($"edge: {e.Message}").ConfigureAwait(false);
                return Program.UsageError;
            }
            catch (ModelRejectedException e)
            {
                await Console.Error.WriteLineAsync($"edge: the previous bundle cannot be used ({e.Reason}): {e.Message}").ConfigureAwait(false);
                return Program.UsageError;
            }
        })));
        return command;
    }

    private static Command List()
    {
        var config = ConfigOption();
        var json = new Option<bool>("--json") { Description = "Print state.json as stored." };
        var command = new Command("list", "Show the active and previous model, the highest version installed, rollbacks and rejections.");
        command.Options.Add(config);
        command.Options.Add(json);
        command.SetAction((parse, cancel) => WithConfig(parse, config, async options =>
        {
            // state.json is replaced atomically, so reading it while the daemon runs is safe and needs no lock.
            var path = Path.Combine(options.ModelDirectory, ModelRepository.StateFileName);
            var state = ModelStateFile.Load(path);
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(File.Exists(path) ? await File.ReadAllTextAsync(path, cancel).ConfigureAwait(false) : "{}").ConfigureAwait(false);
                return 0;
            }

            await Console.Out.WriteAsync(ModelListing.Format(state)).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    /// <summary>Loads the config's models section; an unusable config or state file is a usage error with its message.</summary>
    private static async Task<int> WithConfig(ParseResult parse, Option<string> config, Func<ModelDeliveryOptions, Task<int>> action)
    {
        try
        {
            return await action(ModelDeliveryOptions.FromConfig(GatewayConfigLoader.Load(parse.GetValue(config)!))).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ConfigException or FormatException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"edge: {e.Message}").ConfigureAwait(false);
            return Program.UsageError;
        }
    }

    /// <summary>Runs <paramref name="action"/> on the model directory when no daemon owns it.</summary>
    private static async Task<int> OnModelDirectory(ModelDeliveryOptions options, Func<ModelInstaller, Task<int>> action)
    {
        var faults = new FaultBoard(TimeProvider.System);
        using var installer = ModelInstaller.TryOpen(options with { RetiredModelGrace = TimeSpan.Zero }, faults, TimeProvider.System);
        if (installer is null)
        {
            await Console.Error.WriteLineAsync(
                $"edge: the daemon owns {options.ModelDirectory} (it holds {ModelRepository.LockFileName}); give it the bundle through its admin API (POST /api/models) or its inbox {options.InboxDirectory}").ConfigureAwait(false);
            return Program.DaemonUnavailable;
        }

        foreach (var fault in faults.Snapshot())
        {
            await Console.Error.WriteLineAsync($"edge: warning: {fault.Message}").ConfigureAwait(false);
        }

        return await action(installer).ConfigureAwait(false);
    }
}
