namespace Edge.MeterAdapter.Iec62056;

/// <summary>Why a readout did not become a reading. Every reason is counted; none yields a reading.</summary>
public enum Iec62056RejectReason
{
    None = 0,

    /// <summary>No identification message within the response time after the sign-on request.</summary>
    NoIdentification,

    /// <summary>The identification line is not "/XXXZ[\W]ident CR LF".</summary>
    MalformedIdentification,

    /// <summary>No STX within the response time after the acknowledgement.</summary>
    NoDataMessage,

    /// <summary>The meter stopped sending in the middle of a message for longer than the inter-character time.</summary>
    InterCharacterTimeout,

    /// <summary>The data message grew beyond the size limit without ETX.</summary>
    MessageTooLong,

    /// <summary>Not STX ... ETX BCC: missing STX, or ETX not followed by exactly one BCC byte.</summary>
    MalformedFrame,

    /// <summary>A byte has bit 7 set, impossible with 7-bit characters (wrong framing, e.g. 8N1 instead of 7E1, or noise).</summary>
    NonAsciiByte,

    /// <summary>The block check character does not match the XOR of the bytes after STX through ETX.</summary>
    BccMismatch,

    /// <summary>The data block does not end with the end line "!" CR LF.</summary>
    MissingEndLine,

    /// <summary>A data line is not a sequence of OBIS(value*unit) data sets, or a line lacks its CR LF.</summary>
    MalformedLine,
}
