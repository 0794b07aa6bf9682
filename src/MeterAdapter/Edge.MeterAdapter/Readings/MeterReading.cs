namespace Edge.MeterAdapter.Readings;

/// <summary>
/// One decoded, checked reading from one meter. Cumulative registers are whole watt-hours (scaled integers) so that
/// daily deltas never drift; instantaneous values are doubles because they are never summed.
/// A reading exists only for a frame that passed its checks: bad frames never become readings.
/// </summary>
public sealed record MeterReading
{
    /// <summary>The meter's own identifier (DSMR 0-0:96.1.1, IEC identification/serial, Modbus address plus serial, S0 line name).</summary>
    public required string MeterId { get; init; }

    public required MeterProtocol Protocol { get; init; }

    /// <summary>The meter's clock, when the protocol carries one, with its UTC offset (DSMR S/W suffix).</summary>
    public DateTimeOffset? MeterTime { get; init; }

    /// <summary>When the gateway finished receiving the frame (from its TimeProvider).</summary>
    public required DateTimeOffset GatewayTime { get; init; }

    public EnergyRegisters Energy { get; init; } = EnergyRegisters.Empty;

    public InstantaneousValues Instant { get; init; } = InstantaneousValues.Empty;

    public MeterEvents Events { get; init; } = MeterEvents.Empty;

    /// <summary>Gas, water or heat channels found on the meter's M-Bus (DSMR 0-n:24.x).</summary>
    public IReadOnlyList<SubMeterReading> SubMeters { get; init; } = [];

    public ReadingQuality Quality { get; init; }
}

public enum MeterProtocol
{
    DsmrP1,
    Iec62056ModeC,
    ModbusSdm,
    S0Pulse,

    /// <summary>SML (Smart Message Language, BSI TR-03109 / FNN), pushed by German eHZ meters over the optical port.</summary>
    Sml,
}

/// <summary>Cumulative energy registers in Wh. Null when the meter does not report that register.</summary>
public sealed record EnergyRegisters
{
    public static readonly EnergyRegisters Empty = new();

    public long? ImportTariff1Wh { get; init; }

    public long? ImportTariff2Wh { get; init; }

    public long? ExportTariff1Wh { get; init; }

    public long? ExportTariff2Wh { get; init; }

    /// <summary>Total import; meters without tariffs report only this. When absent, the sum of the tariffs.</summary>
    public long? ImportTotalWh { get; init; }

    public long? ExportTotalWh { get; init; }

    /// <summary>The tariff the meter is counting in now (DSMR 0-0:96.14.0; NL 1 = low, 2 = normal; BE 1 = day, 2 = night).</summary>
    public int? ActiveTariff { get; init; }

    public long? TotalImportWh => Total(ImportTotalWh, ImportTariff1Wh, ImportTariff2Wh);

    public long? TotalExportWh => Total(ExportTotalWh, ExportTariff1Wh, ExportTariff2Wh);

    /// <summary>A register's total: as reported, or else the sum of the tariffs reported (null when none is).</summary>
    public static long? Total(long? total, long? tariff1, long? tariff2) =>
        total ?? (tariff1 is null && tariff2 is null ? null : (tariff1 ?? 0) + (tariff2 ?? 0));
}

/// <summary>Instantaneous values. Arrays are per phase (L1, L2, L3); entries are null where not reported.</summary>
public sealed record InstantaneousValues
{
    public static readonly InstantaneousValues Empty = new();

    public double? ImportPowerW { get; init; }

    public double? ExportPowerW { get; init; }

    public IReadOnlyList<double?> VoltageV { get; init; } = [];

    public IReadOnlyList<double?> CurrentA { get; init; } = [];
}

/// <summary>Event counters the meter keeps (DSMR 0-0:96.7.21 / 96.7.9, power-failure log, tamper indications).</summary>
public sealed record MeterEvents
{
    public static readonly MeterEvents Empty = new();

    public int? PowerFailures { get; init; }

    public int? LongPowerFailures { get; init; }

    /// <summary>Entries of the long power-failure log: when each failure ended and how long it lasted.</summary>
    public IReadOnlyList<PowerFailureLogEntry> PowerFailureLog { get; init; } = [];

    /// <summary>Voltage sags counted by the meter, summed over the phases (<see cref="VoltageSagsByPhase"/> when it reports them per phase).</summary>
    public int? VoltageSags { get; init; }

    public int? VoltageSwells { get; init; }

    /// <summary>Voltage sags per phase (L1, L2, L3; DSMR 1-0:32/52/72.32.0), null where not reported; empty when none is.</summary>
    public IReadOnlyList<int?> VoltageSagsByPhase { get; init; } = [];

    /// <summary>Voltage swells per phase (L1, L2, L3; DSMR 1-0:32/52/72.36.0), null where not reported; empty when none is.</summary>
    public IReadOnlyList<int?> VoltageSwellsByPhase { get; init; } = [];

    /// <summary>Tamper or terminal-cover events, where the meter reports them.</summary>
    public int? TamperEvents { get; init; }
}

public sealed record PowerFailureLogEntry(DateTimeOffset EndTime, TimeSpan Duration);

public enum SubMeterKind
{
    Unknown,
    Gas,
    Water,
    Heat,
    Electricity,
}

/// <summary>A channel on the meter's M-Bus, identified by device type (not channel number) per DSMR 0-n:24.1.0.</summary>
public sealed record SubMeterReading(int Channel, SubMeterKind Kind, int DeviceType, string? EquipmentId, DateTimeOffset? CaptureTime, decimal Value, string Unit);

/// <summary>What the gateway knows about how far to trust a reading.</summary>
[Flags]
public enum ReadingQuality
{
    Good = 0,

    /// <summary>The protocol version carries no checksum (DSMR 2.2/3), so corruption could not be detected.</summary>
    Unchecked = 1,

    /// <summary>The meter's clock is absent or jumped relative to the gateway clock.</summary>
    ClockSuspect = 2,

    /// <summary>Some registers were absent from the frame.</summary>
    Partial = 4,

    /// <summary>Derived by the gateway (e.g. S0 pulses converted to energy) rather than read from a register.</summary>
    Derived = 8,
}
