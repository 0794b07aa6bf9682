namespace Edge.MeterSim.Consumption;

/// <summary>What the household draws: average active power (W) over an interval of meter time.</summary>
public interface IConsumptionProfile
{
    /// <summary>Energy in Wh consumed from <paramref name="from"/> to <paramref name="to"/> (local meter time).</summary>
    double EnergyWh(DateTime from, DateTime to);
}
