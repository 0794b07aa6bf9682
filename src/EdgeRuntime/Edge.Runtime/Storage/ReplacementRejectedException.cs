namespace Edge.Runtime.Storage;

public enum ReplacementRejection
{
    /// <summary>A field has a value that cannot be stored (negative register, swap in the future, ...).</summary>
    Invalid,

    /// <summary>The meter is not in the gateway's configuration.</summary>
    UnknownMeter,

    /// <summary>A replacement of the same meter at the same instant is already declared.</summary>
    Duplicate,

    /// <summary>No replacement has the id given.</summary>
    NotFound,

    /// <summary>The replacement was already withdrawn.</summary>
    AlreadyWithdrawn,
}

/// <summary>
/// A declaration <see cref="MeterReplacementStore.Declare"/> refused; nothing was stored. The message starts with the
/// field at fault, by its JSON name ("meterId: ...", "at: ...").
/// </summary>
public sealed class ReplacementRejectedException : Exception
{
    public ReplacementRejectedException(ReplacementRejection reason, string field, string message)
        : base($"{field}: {message}")
    {
        Reason = reason;
        Field = field;
    }

    public ReplacementRejectedException()
        : this("replacement rejected")
    {
    }

    public ReplacementRejectedException(string message)
        : base(message)
    {
        Field = string.Empty;
    }

    public ReplacementRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    public ReplacementRejection Reason { get; }

    /// <summary>The declaration's field at fault, by its JSON name ("meterId", "at", "oldFinalWh", ...).</summary>
    public string Field { get; }
}
