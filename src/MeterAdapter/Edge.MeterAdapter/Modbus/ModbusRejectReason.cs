namespace Edge.MeterAdapter.Modbus;

/// <summary>Why a Modbus response did not become register values. Every reason is counted; none yields a reading.</summary>
public enum ModbusRejectReason
{
    None = 0,

    /// <summary>No byte arrived within the response timeout.</summary>
    ResponseTimeout,

    /// <summary>A gap longer than t1.5 split the frame (Modbus serial line V1.02 §2.5.1.1: the frame is incomplete).</summary>
    InterCharacterTimeout,

    /// <summary>Fewer bytes than the request's answer needs.</summary>
    ShortFrame,

    /// <summary>More bytes than the request's answer has (two frames run together, or noise).</summary>
    LongFrame,

    /// <summary>CRC-16/MODBUS over the frame does not match its last two bytes.</summary>
    CrcMismatch,

    /// <summary>A valid frame from another slave address.</summary>
    SlaveAddressMismatch,

    /// <summary>A valid frame for another function code.</summary>
    UnexpectedFunction,

    /// <summary>The byte count field disagrees with the requested quantity.</summary>
    ByteCountMismatch,

    /// <summary>The slave answered with an exception response (function | 0x80).</summary>
    ExceptionResponse,

    /// <summary>A checked frame carried a value no meter reports: NaN, infinity, or negative energy.</summary>
    ImplausibleValue,
}
