namespace Edge.MeterAdapter.Modbus;

/// <summary>Exception codes of a Modbus exception response (Modbus Application Protocol V1.1b3 §7).</summary>
public enum ModbusExceptionCode : byte
{
    None = 0,
    IllegalFunction = 0x01,
    IllegalDataAddress = 0x02,
    IllegalDataValue = 0x03,
    ServerDeviceFailure = 0x04,
    Acknowledge = 0x05,
    ServerDeviceBusy = 0x06,
    MemoryParityError = 0x08,
    GatewayPathUnavailable = 0x0A,
    GatewayTargetFailedToRespond = 0x0B,
}

public static class ModbusExceptionCodeText
{
    /// <summary>A sentence for logs and status pages; unknown codes are printed as hex.</summary>
    public static string Describe(this ModbusExceptionCode code) => code switch
    {
        ModbusExceptionCode.IllegalFunction => "illegal function (the meter does not support this function code)",
        ModbusExceptionCode.IllegalDataAddress => "illegal data address (register not present; Eastron meters also need an even start and count)",
        ModbusExceptionCode.IllegalDataValue => "illegal data value (quantity out of range)",
        ModbusExceptionCode.ServerDeviceFailure => "server device failure",
        ModbusExceptionCode.Acknowledge => "acknowledge (request accepted, processing takes long)",
        ModbusExceptionCode.ServerDeviceBusy => "server device busy",
        ModbusExceptionCode.MemoryParityError => "memory parity error",
        ModbusExceptionCode.GatewayPathUnavailable => "gateway path unavailable",
        ModbusExceptionCode.GatewayTargetFailedToRespond => "gateway target device failed to respond",
        _ => $"exception code 0x{(byte)code:X2}",
    };
}
