namespace Edge.Runtime.Rules;

// Thresholds of the local rules, one record per rule, read from the config's `rules` section (Config/RulesConfig).
// Settable properties, as every config record (see Config/GatewayConfigJson). Defaults are chosen to stay quiet on an
// honest household; each names the figure it bounds.

/// <summary>S0 pulse energy against the paired register meter's energy.</summary>
public sealed record PulseRegisterThresholds
{
    /// <summary>Complete local days compared (days either meter misses are left out).</summary>
    public int PeriodDays { get; set; } = 7;

    /// <summary>
    /// Allowed shortfall of the register as a fraction of the pulse energy: an S0 output's class-1 accuracy and a
    /// register's class B (EN 50470-3, 1 %) each err a little, so equal energy never matches exactly.
    /// </summary>
    public double ToleranceFraction { get; set; } = 0.05;

    /// <summary>Allowed shortfall in kWh whatever the fraction, so a nearly idle supply is not flagged for a few pulses.</summary>
    public double MinimumKwh { get; set; } = 0.5;
}

/// <summary>Energy flowing back through a meter that should only consume.</summary>
public sealed record ReverseEnergyThresholds
{
    /// <summary>Complete local days looked at, plus the current partial day.</summary>
    public int PeriodDays { get; set; } = 1;

    /// <summary>Export register advance (Wh) that counts as reverse energy; a few Wh can be a meter's own rounding.</summary>
    public long MinimumExportWh { get; set; } = 10;

    /// <summary>Power (W) in the reverse direction that a reading must show to count.</summary>
    public double MinimumReversePowerW { get; set; } = 10;

    /// <summary>Readings with reverse power needed (one alone may be a transient).</summary>
    public int MinimumReverseReadings { get; set; } = 3;

    /// <summary>Meters with generation behind them (PV, battery), which may export; every other meter is consumption-only.</summary>
    public IReadOnlyList<string> ExemptMeters { get; set; } = [];
}

/// <summary>A burst of a meter's event counter (tamper or power failure).</summary>
public sealed record EventBurstThresholds
{
    /// <summary>The window before the run in which increments are counted.</summary>
    public double WindowHours { get; set; } = 24;

    /// <summary>Counter increments within the window that make a burst.</summary>
    public int MinimumEvents { get; set; } = 3;
}

/// <summary>No consumption for days while the supply is live.</summary>
public sealed record ZeroWithVoltageThresholds
{
    /// <summary>Consecutive complete days, ending with the last one, with no consumption.</summary>
    public int Days { get; set; } = 3;

    /// <summary>A day's consumption at or below this (kWh) counts as none.</summary>
    public double MaxKwhPerDay { get; set; }

    /// <summary>
    /// Supply counts as present on a day when some phase read at least this voltage; EN 50160 allows 230 V -15 %
    /// (195.5 V) for short periods, so 180 V is clearly a live supply.
    /// </summary>
    public double MinimumVoltageV { get; set; } = 180;
}
