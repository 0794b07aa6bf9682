namespace Edge.Runtime.Config;

/// <summary>How the gateway talks to a configured meter; written in the file as "dsmr", "iec62056", "modbus" or "s0".</summary>
public enum MeterProtocolName
{
    /// <summary>DSMR P1 port (push, one telegram per second or ten).</summary>
    Dsmr,

    /// <summary>IEC 62056-21 mode C readout on an optical probe or current loop (poll).</summary>
    Iec62056,

    /// <summary>Modbus RTU on RS-485, Eastron SDM family (poll).</summary>
    Modbus,

    /// <summary>S0 (IEC 62053-31) or metrology-LED pulses on a GPIO line, counted into a register.</summary>
    S0,
}
