using System.CommandLine;
using System.Text.Json;
using Edge.Gateway.Api;
using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Edge.Runtime.Models;

namespace Edge.Gateway.Commands;

/// <summary>
/// <c>edge model install FILE | list | rollback</c> (docs/model-delivery.md, "The CLI"). Install and rollback act on
/// the model directory themselves when no daemon holds its lock, and go through the daemon's admin API otherwise
/// (--url, --token or EDGE_TOKEN), so only one process ever writes it.
/// </summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Install, list and roll back theft-detection model bundles.");
        command.Subcommands.Add(Install());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Rollback());
        return command;
    }

    private static Option<string> ConfigOption() =>
        new("--config") { Description = "The gateway's config file (its models section names the directories and trusted keys).", DefaultValueFactory = _ => DaemonOptions.DefaultConfigPath };

    private static Command Install()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The signed bundle (.bundle) to install." };
        var daemon = new DaemonOptions();
        var command = new Command("install", "Verify a bundle (signature, hashes, version, input spec, test vectors) and make it the active model.");
        command.Arguments.Add(file);
        daemon.AddTo(command);
        command.SetAction((parse, cancel) => WithConfig(parse, daemon.Config, async options =>
        {
            var bundle = await File.ReadAllBytesAsync(parse.GetValue(file)!.FullName, cancel).ConfigureAwait(false);
            return await OnModelDirectory(
                options,
                async installer => await Report(await installer.InstallAsync(bundle, "cli", cancel).ConfigureAwait(false), installer.Status.Previous).ConfigureAwait(false),
                () => daemon.RunAsync(parse, async (client, _) =>
                {
                    var body = JsonSerializer.Serialize(new ModelInstallRequest(bundle), ModelApiJson.Default.ModelInstallRequest);
                    try
                    {
                        var answer = await client.PostAsync("api/models", body, ModelApiJson.Default.InstallOutcome, cancel).ConfigureAwait(false);
                        return await Report(answer.Value, previous: null).ConfigureAwait(false);
                    }
                    catch (DaemonUnavailableException e) when (e.DaemonError is not null && IsBundleRefusal(e.Status))
                    {
                        // The daemon refused the bundle itself: the same line and exit code as an install without a daemon.
                        await Console.Error.WriteLineAsync($"edge: {e.DaemonError}").ConfigureAwait(false);
                        return Program.UsageError;
                    }
                })).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>The statuses POST /api/models refuses a bundle with (ModelEndpoints.RefusalStatus).</summary>
    private static bool IsBundleRefusal(System.Net.HttpStatusCode? status) =>
        status is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.UnprocessableEntity or System.Net.HttpStatusCode.InsufficientStorage;

    private static async Task<int> Report(InstallOutcome outcome, string? previous)
    {
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

        await Console.Out.WriteLineAsync($"{outcome.Label} is active{(previous is null ? "" : $" (previous: {previous})")}").ConfigureAwait(false);
        return 0;
    }

    private static Command Rollback()
    {
        var reason = new Option<string>("--reason") { Description = "Why, for the record in state.json.", DefaultValueFactory = _ => "operator rollback" };
        var daemon = new DaemonOptions();
        var command = new Command("rollback", "Reactivate the kept previous bundle. The newer version stays refused: only a newer release replaces it.");
        command.Options.Add(reason);
        daemon.AddTo(command);
        command.SetAction((parse, cancel) => WithConfig(parse, daemon.Config, options => OnModelDirectory(
            options,
            async installer =>
            {
                try
                {
                    return await Report(await installer.RollbackAsync(parse.GetValue(reason)!, cancel).ConfigureAwait(false)).ConfigureAwait(false);
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
            },
            () => daemon.RunAsync(parse, async (client, _) =>
            {
                var body = JsonSerializer.Serialize(new ModelRollbackRequest(parse.GetValue(reason)), ModelApiJson.Default.ModelRollbackRequest);
                var answer = await client.PostAsync("api/models/rollback", body, ModelApiJson.Default.RollbackRecord, cancel).ConfigureAwait(false);
                return await Report(answer.Value).ConfigureAwait(false);
            }))));
        return command;
    }

    private static async Task<int> Report(RollbackRecord record)
    {
        await Console.Out.WriteLineAsync($"rolled back from {record.From} to {record.To}").ConfigureAwait(false);
        return 0;
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

    /// <summary>
    /// Runs <paramref name="direct"/> on the model directory when no daemon owns it, otherwise <paramref name="viaDaemon"/>
    /// (the daemon's admin API), so that only one process ever writes the directory.
    /// </summary>
    private static async Task<int> OnModelDirectory(ModelDeliveryOptions options, Func<ModelInstaller, Task<int>> direct, Func<Task<int>> viaDaemon)
    {
        var faults = new FaultBoard(TimeProvider.System);
        using var installer = ModelInstaller.TryOpen(options with { RetiredModelGrace = TimeSpan.Zero }, faults, TimeProvider.System);
        if (installer is null)
        {
            return await viaDaemon().ConfigureAwait(false);
        }

        foreach (var fault in faults.Snapshot())
        {
            await Console.Error.WriteLineAsync($"edge: warning: {fault.Message}").ConfigureAwait(false);
        }

        return await direct(installer).ConfigureAwait(false);
    }
}
