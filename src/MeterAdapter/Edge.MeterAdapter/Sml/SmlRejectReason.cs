namespace Edge.MeterAdapter.Sml;

/// <summary>Why an SML file did not become a reading. Every reason is counted; none yields a reading.</summary>
public enum SmlRejectReason
{
    None = 0,

    /// <summary>Not start escape ... end escape 1A padding CRC, or an escape sequence the transport does not define.</summary>
    MalformedFrame,

    /// <summary>CRC-16/X-25 over the file does not match its last two bytes.</summary>
    CrcMismatch,

    /// <summary>The bytes between the escapes are not a sequence of well-formed SML messages (type-length fields).</summary>
    MalformedMessage,

    /// <summary>A checked file carried no GetListResponse with values.</summary>
    NoValues,

    /// <summary>A file grew beyond the size limit without its end sequence.</summary>
    FileTooLong,
}
