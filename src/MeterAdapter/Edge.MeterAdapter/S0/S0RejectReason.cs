namespace Edge.MeterAdapter.S0;

/// <summary>Why a stretch of the line did not count as a pulse.</summary>
public enum S0RejectReason
{
    /// <summary>Active for less than the minimum pulse width: bounce or a spike on a long wire.</summary>
    PulseTooShort,

    /// <summary>Active again after less than the minimum gap: a dropout inside one pulse, merged with it.</summary>
    GapTooShort,

    /// <summary>Active for longer than the maximum pulse width: stuck line or LED lit solid (anti-creep).</summary>
    PulseTooLong,

    /// <summary>Two edges in the same direction: the driver lost the edge in between; ignored rather than guessed.</summary>
    RepeatedEdge,
}

/// <summary>Line faults that are current now, as opposed to rejects already counted.</summary>
public enum S0LineFault
{
    None,

    /// <summary>The line has been active for longer than the maximum pulse width and still is.</summary>
    StuckActive,
}
