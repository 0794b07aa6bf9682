using Edge.MeterAdapter.Obis;

namespace Edge.MeterAdapter.Dsmr;

/// <summary>OBIS codes of the P1 telegram (DSMR P1 Companion Standard v5.0.2 Table 6-3, §7; v3.0/v2.2 for gas 24.3.0).</summary>
internal static class DsmrObis
{
    public static readonly ObisCode Version = new(1, 3, 0, 2, 8);
    public static readonly ObisCode VersionBelgium = new(0, 0, 96, 1, 4);
    public static readonly ObisCode Timestamp = new(0, 0, 1, 0, 0);
    public static readonly ObisCode EquipmentId = new(0, 0, 96, 1, 1);
    public static readonly ObisCode ImportTariff1 = new(1, 0, 1, 8, 1);
    public static readonly ObisCode ImportTariff2 = new(1, 0, 1, 8, 2);
    public static readonly ObisCode ExportTariff1 = new(1, 0, 2, 8, 1);
    public static readonly ObisCode ExportTariff2 = new(1, 0, 2, 8, 2);
    public static readonly ObisCode ImportTotal = new(1, 0, 1, 8, 0);
    public static readonly ObisCode ExportTotal = new(1, 0, 2, 8, 0);
    public static readonly ObisCode TariffIndicator = new(0, 0, 96, 14, 0);
    public static readonly ObisCode ImportPower = new(1, 0, 1, 7, 0);
    public static readonly ObisCode ExportPower = new(1, 0, 2, 7, 0);
    public static readonly ObisCode PowerFailures = new(0, 0, 96, 7, 21);
    public static readonly ObisCode LongPowerFailures = new(0, 0, 96, 7, 9);
    public static readonly ObisCode PowerFailureLog = new(1, 0, 99, 97, 0);

    /// <summary>Value group C of voltage, current, sag and swell per phase L1, L2, L3.</summary>
    public static readonly byte[] VoltageC = [32, 52, 72];
    public static readonly byte[] CurrentC = [31, 51, 71];

    /// <summary>M-Bus objects; group B is the channel 1-4 (§7.3).</summary>
    public const byte MbusDeviceTypeC = 24, MbusDeviceTypeD = 1, MbusDeviceTypeE = 0;
    public const byte MbusEquipmentIdC = 96, MbusEquipmentIdD = 1, MbusEquipmentIdE = 0;
    public const byte MbusValueC = 24, MbusValueD = 2;

    /// <summary>DSMR 2.2/3.0 hourly gas: 0-n:24.3.0(TST)(..)(60)(1)(0-n:24.2.1)(m3) with the value on the next line.</summary>
    public const byte LegacyGasC = 24, LegacyGasD = 3, LegacyGasE = 0;

    public const byte SagD = 32, SwellD = 36, InstantD = 7;
}
