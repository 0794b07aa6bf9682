using System.Globalization;
using System.Text.RegularExpressions;

namespace Edge.Runtime.Storage;

/// <summary>
/// What a technician declares after swapping a meter: which meter, the instant of the swap, the old meter's final and
/// the new meter's initial import register (Wh, as read off the displays), who, and an optional note. Checked by
/// <see cref="MeterReplacementStore.Declare"/>; field names in its messages are the API's JSON names.
/// </summary>
public sealed partial record ReplacementDeclaration(string MeterId, DateTimeOffset At, long OldFinalWh, long NewInitialWh, string DeclaredBy, string? Note)
{
    /// <summary>Longest name of who declares (as for an alert acknowledgement).</summary>
    public const int MaxDeclaredByLength = 100;

    public const int MaxNoteLength = 500;

    /// <summary>
    /// Reads an ISO 8601 instant that states its UTC offset ("2026-11-20T10:15:00+01:00" or "...Z"). A time without an
    /// offset is refused rather than guessed: the gateway's zone, the technician's laptop and UTC may all differ.
    /// </summary>
    public static bool TryParseInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        return text is not null
            && ExplicitOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    /// <summary>The first problem with the declaration as (field, message), or null when it can be stored.</summary>
    internal (string Field, string Message)? Problem(DateTimeOffset now)
    {
        if (At > now)
        {
            return ("at", $"the swap time {At:yyyy-MM-dd HH:mm:ss zzz} is after the gateway's clock ({now:yyyy-MM-dd HH:mm:ss zzz}); declare a swap once it is done");
        }

        if (OldFinalWh < 0)
        {
            return ("oldFinalWh", $"the old meter's final register must be at least 0 Wh, got {OldFinalWh}");
        }

        if (NewInitialWh < 0)
        {
            return ("newInitialWh", $"the new meter's initial register must be at least 0 Wh, got {NewInitialWh}");
        }

        if (!IsName(DeclaredBy))
        {
            return ("by", $"must name who declares the swap, 1 to {MaxDeclaredByLength} printable characters");
        }

        if (!IsNote(Note))
        {
            return ("note", $"must be at most {MaxNoteLength} characters of text, got {Note!.Length}");
        }

        return null;
    }

    /// <summary>Who declares or withdraws: 1 to <see cref="MaxDeclaredByLength"/> printable characters.</summary>
    internal static bool IsName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= MaxDeclaredByLength && !name.Any(char.IsControl);

    /// <summary>A note or a reason: absent, or at most <see cref="MaxNoteLength"/> characters of text (line breaks allowed).</summary>
    internal static bool IsNote(string? text) =>
        text is null || (text.Length <= MaxNoteLength && !text.Any(c => char.IsControl(c) && c != '\n'));

    [GeneratedRegex(@"(Z|[+-]\d\d:?\d\d)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExplicitOffset();
}
