using System.Globalization;
using System.Text;
using Edge.Runtime.Models;

namespace Edge.Gateway.Commands;

/// <summary>The text `edge model list` prints for a state.json.</summary>
internal static class ModelListing
{
    public static string Format(ModelState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"active          {Describe(state.Active)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"previous        {Describe(state.Previous)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"highest version {state.HighestVersion} (only a higher version can be installed)");
        if (state.LastRollback is { } rollback)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"last rollback   {rollback.From} -> {rollback.To ?? "(no model)"} ({rollback.Kind.ToString().ToLowerInvariant()}, {rollback.AtUtc:yyyy-MM-dd HH:mm:ss}Z): {rollback.Reason}");
        }

        foreach (var rejected in state.Rejected)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"rejected        {rejected.Label} ({rejected.Reason}, {rejected.AtUtc:yyyy-MM-dd HH:mm:ss}Z): {rejected.Message}");
        }

        return text.ToString();
    }

    private static string Describe(InstalledModel? model) => model is null
        ? "(none)"
        : string.Create(CultureInfo.InvariantCulture, $"{model.Label}  installed {model.ActivatedUtc:yyyy-MM-dd HH:mm:ss}Z from {model.Source}, signer {model.SignerKeyId[..16]}");
}
