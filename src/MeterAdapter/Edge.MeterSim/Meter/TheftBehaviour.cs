namespace Edge.MeterSim.Meter;

/// <summary>
/// What the simulated customer does to the meter. Rates are expected events per hour of meter time.
/// </summary>
public sealed record TheftBehaviour
{
    /// <summary>
    /// Share of the true energy the registers record (1 = honest). A bypass around the meter's current path lowers the
    /// registers while an S0/LED pulse sensor on the supply side still sees the true energy.
    /// </summary>
    public double BypassFactor { get; init; } = 1.0;

    /// <summary>A reversed meter connection: consumption runs up the export registers (1-0:2.8.x) instead of import.</summary>
    public bool ReverseEnergy { get; init; }

    /// <summary>Terminal-cover or magnetic tamper events per hour.</summary>
    public double TamperPerHour { get; init; }

    /// <summary>Power failures per hour (short ones counted in 0-0:96.7.21, those of 3 minutes or more in 0-0:96.7.9).</summary>
    public double PowerFailuresPerHour { get; init; }

    public static TheftBehaviour Honest { get; } = new();

    public void Validate()
    {
        if (BypassFactor is < 0 or > 1 || !double.IsFinite(BypassFactor))
        {
            throw new ArgumentException($"bypass factor {BypassFactor} must lie in [0, 1].");
        }

        if (TamperPerHour < 0 || PowerFailuresPerHour < 0)
        {
            throw new ArgumentException("event rates must be >= 0 per hour.");
        }
    }
}
