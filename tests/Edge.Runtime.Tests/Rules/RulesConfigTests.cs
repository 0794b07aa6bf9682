using System.Text;
using Edge.Runtime.Config;

namespace Edge.Runtime.Tests.Rules;

/// <summary>The config's <c>rules</c> section: values reach the rules, defaults fill the rest, bad values are named.</summary>
public sealed class RulesConfigTests
{
    private static string File(string rules) => $$"""
        {
          "gatewayId": "gw-1",
          "dataDirectory": "data",
          "meters": [ { "id": "house", "protocol": "dsmr", "device": "/dev/ttyUSB0" } ],
          "rules": {{rules}}
        }
        """;

    private static GatewayConfig Parse(string json) => GatewayConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "gw.json", "/etc/edge");

    [Fact]
    public void Given_thresholds_are_read_and_absent_ones_keep_their_defaults()
    {
        var config = Parse(File("""
            {
              "pulseRegister": { "periodDays": 3, "toleranceFraction": 0.1 },
              "reverseEnergy": { "exemptMeters": [ "pv-roof" ] },
              "tamperBurst": { "windowHours": 6, "minimumEvents": 2 },
              "zeroWithVoltage": { "days": 5, "minimumVoltageV": 200 }
            }
            """));

        var rules = config.Rules;
        Assert.Equal((3, 0.1, 0.5), (rules.PulseRegister.PeriodDays, rules.PulseRegister.ToleranceFraction, rules.PulseRegister.MinimumKwh));
        Assert.Equal(["pv-roof"], rules.ReverseEnergy.ExemptMeters);
        Assert.Equal(10, rules.ReverseEnergy.MinimumExportWh);
        Assert.Equal((6.0, 2), (rules.TamperBurst.WindowHours, rules.TamperBurst.MinimumEvents));
        Assert.Equal((24.0, 3), (rules.PowerFailureBurst.WindowHours, rules.PowerFailureBurst.MinimumEvents));
        Assert.Equal((5, 0.0, 200.0), (rules.ZeroWithVoltage.Days, rules.ZeroWithVoltage.MaxKwhPerDay, rules.ZeroWithVoltage.MinimumVoltageV));
    }

    [Fact]
    public void Bad_thresholds_and_unknown_keys_are_named_with_their_path()
    {
        var error = Assert.Throws<ConfigException>(() => Parse(File("""
            {
              "pulseRegister": { "periodDays": 0, "toleranceFraction": 1.5 },
              "powerFailureBurst": { "windowHours": -1, "minimumEvents": 0 },
              "zeroWithVoltage": { "maxKwhPerDay": -0.1 }
            }
            """)));

        Assert.Equal(
            [
                "gw.json:6: rules.pulseRegister.periodDays: 0 is out of range (1 to 366 days)",
                "gw.json:6: rules.pulseRegister.toleranceFraction: 1.5 must be a fraction from 0 up to (not including) 1",
                "gw.json:7: rules.powerFailureBurst.windowHours: -1 must be a positive number",
                "gw.json:7: rules.powerFailureBurst.minimumEvents: 0 is out of range (1 to 2147483647)",
                "gw.json:8: rules.zeroWithVoltage.maxKwhPerDay: -0.1 must be a number of at least 0",
            ],
            error.Lines);

        var unknown = Assert.Throws<ConfigException>(() => Parse(File("""{ "reverseEnergy": { "minimumExportKwh": 1 } }""")));
        Assert.Contains("rules.reverseEnergy", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("unknown key 'minimumExportKwh'", unknown.Message, StringComparison.Ordinal);
    }
}
