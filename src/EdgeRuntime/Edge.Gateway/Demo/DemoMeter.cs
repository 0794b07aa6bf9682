namespace Edge.Gateway.Demo;

/// <summary>
/// One simulated household of the demo: whose consumption it plays, what its register records before and during the
/// live day, and whether an S0 pulse output (counting the true energy) sits on the same supply.
/// </summary>
/// <param name="Id">Meter id in the gateway.</param>
/// <param name="Household">CONS_NO of the household in DemoModel/demo-households.csv.</param>
/// <param name="Story">What this meter does, as the demo tells it.</param>
/// <param name="HistoryRegisterShare">Share of the true energy the register recorded during the last <paramref name="HistoryTheftDays"/> days of history.</param>
/// <param name="HistoryTheftDays">How long the register has been recording only that share before the live day.</param>
/// <param name="LiveRegisterShare">Share the register records during the live day.</param>
/// <param name="PulseMeterId">Id of the S0 pulse meter on the same supply, or null.</param>
internal sealed record DemoMeter(
    string Id,
    string Household,
    string Story,
    double HistoryRegisterShare,
    int HistoryTheftDays,
    double LiveRegisterShare,
    string? PulseMeterId)
{
    /// <summary>The demo's three households: one honest, one register thief, one bypass from the live day on.</summary>
    public static IReadOnlyList<DemoMeter> All { get; } =
    [
        new("house-1", "5FB4A26FFCD8A76D7591C64600000002", "honest household", 1.0, 0, 1.0, null),
        new("house-2", "4CB4AB5EE8DDFE3D0A209A7100000004", "register scaled down to 30% for the last 500 days", 0.3, 500, 0.3, null),
        new("house-3", "18ECC8D9BD4553A5234D925600000001", "bypass from the live day on: the register sees 30%, the S0 output all", 1.0, 0, 0.3, "house-3-s0"),
    ];
}
