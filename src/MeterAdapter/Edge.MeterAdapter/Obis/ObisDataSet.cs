namespace Edge.MeterAdapter.Obis;

/// <summary>
/// One data set of a meter readout: an OBIS address followed by one or more parenthesised values,
/// e.g. "1-0:1.8.1(001234.567*kWh)" (DSMR) or "1.8.0(001234.567*kWh)" (IEC 62056-21), or a multi-value line
/// "0-1:24.2.1(161129200000W)(00981.443*m3)". Parse with <see cref="ObisDataSetParser"/>.
/// </summary>
public sealed record ObisDataSet(ObisCode Code, IReadOnlyList<ObisValue> Values)
{
    public override string ToString() => Code + string.Concat(Values);
}
