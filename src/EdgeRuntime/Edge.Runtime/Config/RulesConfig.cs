using Edge.Runtime.Rules;

namespace Edge.Runtime.Config;

/// <summary>
/// Thresholds of the local rules that need no model: <c>rules</c> in the file, one section per rule (see
/// docs/gateway-scoring.md). Which S0 line is paired with which register meter is <c>meters[i].s0.pairedMeterId</c>.
/// </summary>
public sealed record RulesConfig
{
    public PulseRegisterThresholds PulseRegister { get; set; } = new();

    public ReverseEnergyThresholds ReverseEnergy { get; set; } = new();

    public EventBurstThresholds TamperBurst { get; set; } = new();

    public EventBurstThresholds PowerFailureBurst { get; set; } = new();

    public ZeroWithVoltageThresholds ZeroWithVoltage { get; set; } = new();

    public void Validate(ConfigProblems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        string Key(string section, string name) => ConfigProblems.Key(ConfigProblems.Key(path, section), name);

        problems.InRange(PulseRegister.PeriodDays, 1, 366, Key("pulseRegister", "periodDays"), "days");
        problems.Check(
            PulseRegister.ToleranceFraction is >= 0 and < 1,
            Key("pulseRegister", "toleranceFraction"),
            $"{PulseRegister.ToleranceFraction} must be a fraction from 0 up to (not including) 1");
        NotNegative(problems, PulseRegister.MinimumKwh, Key("pulseRegister", "minimumKwh"));

        problems.InRange(ReverseEnergy.PeriodDays, 1, 366, Key("reverseEnergy", "periodDays"), "days");
        problems.InRange(ReverseEnergy.MinimumExportWh, 0, long.MaxValue, Key("reverseEnergy", "minimumExportWh"), "Wh");
        NotNegative(problems, ReverseEnergy.MinimumReversePowerW, Key("reverseEnergy", "minimumReversePowerW"));
        problems.InRange(ReverseEnergy.MinimumReverseReadings, 1, int.MaxValue, Key("reverseEnergy", "minimumReverseReadings"));

        foreach (var (name, burst) in new[] { ("tamperBurst", TamperBurst), ("powerFailureBurst", PowerFailureBurst) })
        {
            problems.Positive(burst.WindowHours, Key(name, "windowHours"));
            problems.Check(burst.WindowHours <= 24 * 366, Key(name, "windowHours"), $"{burst.WindowHours} is longer than a year");
            problems.InRange(burst.MinimumEvents, 1, int.MaxValue, Key(name, "minimumEvents"));
        }

        problems.InRange(ZeroWithVoltage.Days, 1, 366, Key("zeroWithVoltage", "days"), "days");
        NotNegative(problems, ZeroWithVoltage.MaxKwhPerDay, Key("zeroWithVoltage", "maxKwhPerDay"));
        problems.Positive(ZeroWithVoltage.MinimumVoltageV, Key("zeroWithVoltage", "minimumVoltageV"));
    }

    private static void NotNegative(ConfigProblems problems, double value, string key) =>
        problems.Check(value >= 0 && double.IsFinite(value), key, $"{value} must be a number of at least 0");
}
