namespace Edge.MeterAdapter.Modbus;

/// <summary>
/// Input-register addresses (function 0x04) of Eastron SDM120 / SDM630 meters, from the Eastron "Modbus Protocol
/// Implementation" documents (SDM120 V2.5, SDM630 V2.0). The documents number registers Modicon-style from 30001;
/// the address on the wire is that number − 30001. Every quantity is a float32 pair, so addresses are even.
/// </summary>
public static class EastronRegisterMap
{
    /// <summary>Line-to-neutral voltage, V (L1; SDM630 L2 at 0x0002, L3 at 0x0004).</summary>
    public const ushort VoltageL1 = 0x0000;

    /// <summary>Current, A (L1; SDM630 L2 at 0x0008, L3 at 0x000A).</summary>
    public const ushort CurrentL1 = 0x0006;

    /// <summary>Active power, W, signed: negative is export (L1; SDM630 L2 at 0x000E, L3 at 0x0010).</summary>
    public const ushort ActivePowerL1 = 0x000C;

    /// <summary>SDM630 total system active power, W.</summary>
    public const ushort TotalSystemPower = 0x0034;

    public const ushort Frequency = 0x0046;

    /// <summary>Import active energy, kWh.</summary>
    public const ushort ImportActiveEnergy = 0x0048;

    /// <summary>Export active energy, kWh.</summary>
    public const ushort ExportActiveEnergy = 0x004A;

    /// <summary>Total (import + export) active energy, kWh; not read, import and export are kept apart.</summary>
    public const ushort TotalActiveEnergy = 0x0156;

    /// <summary>Register blocks read per poll. Each block covers only defined registers: some meters answer an
    /// undefined register inside a block with exception 02. SDM630 allows at most 80 registers per request.</summary>
    public static IReadOnlyList<(ushort Start, ushort Count)> BlocksFor(EastronModel model) => model switch
    {
        EastronModel.Sdm120 =>
        [
            (VoltageL1, 2),
            (CurrentL1, 2),
            (ActivePowerL1, 2),
            (ImportActiveEnergy, 4),
        ],
        EastronModel.Sdm630 =>
        [
            (VoltageL1, 18),
            (TotalSystemPower, 2),
            (ImportActiveEnergy, 4),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "unknown Eastron model"),
    };

    public static int Phases(EastronModel model) => model == EastronModel.Sdm630 ? 3 : 1;
}
