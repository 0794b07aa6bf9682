namespace Edge.Runtime.Daily;

/// <summary>
/// Daily import consumption of one meter: <see cref="Kwh"/>[i] is the kWh of local day <see cref="FirstDay"/> + i, NaN
/// when missing. In the shape <c>FeaturePipeline.Transform</c> takes.
/// </summary>
public sealed record DailySeries(string MeterId, DateOnly FirstDay, float[] Kwh, IReadOnlyList<RegisterAnomaly> Anomalies)
{
    public DateOnly LastDay => FirstDay.AddDays(Kwh.Length - 1);
}
