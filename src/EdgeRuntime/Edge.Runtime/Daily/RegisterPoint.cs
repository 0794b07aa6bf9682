namespace Edge.Runtime.Daily;

/// <summary>One reading of a meter's import register as the daily series needs it: the gateway's time and the register.</summary>
public readonly record struct RegisterPoint(DateTimeOffset Time, long ImportWh);
