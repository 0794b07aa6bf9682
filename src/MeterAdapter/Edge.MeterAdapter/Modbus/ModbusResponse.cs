namespace Edge.MeterAdapter.Modbus;

/// <summary>The outcome of one Modbus transaction: register values, or the reason there are none.</summary>
public sealed record ModbusResponse
{
    private ModbusResponse(ModbusRejectReason reject, ModbusExceptionCode exception, ushort[] registers)
    {
        Reject = reject;
        ExceptionCode = exception;
        Registers = registers;
    }

    public ModbusRejectReason Reject { get; }

    public ModbusExceptionCode ExceptionCode { get; }

    /// <summary>Register values in request order; empty unless <see cref="IsSuccess"/>.</summary>
    public IReadOnlyList<ushort> Registers { get; }

    public bool IsSuccess => Reject == ModbusRejectReason.None;

    public static ModbusResponse Success(ushort[] registers) => new(ModbusRejectReason.None, ModbusExceptionCode.None, registers);

    public static ModbusResponse Rejected(ModbusRejectReason reason) => new(reason, ModbusExceptionCode.None, []);

    public static ModbusResponse Exception(ModbusExceptionCode code) => new(ModbusRejectReason.ExceptionResponse, code, []);

    public override string ToString() => Reject switch
    {
        ModbusRejectReason.None => $"{Registers.Count} registers",
        ModbusRejectReason.ExceptionResponse => $"exception response: {ExceptionCode.Describe()}",
        _ => Reject.ToString(),
    };
}
