using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.Runtime.Config;

namespace Edge.Gateway.Demo;

/// <summary>
/// The gateway configuration the demo runs with, written as an ordinary config file (gateway.json in the demo folder)
/// and loaded by the daemon's own loader: meters on pseudo-terminals, an S0 line on a simulated GPIO chip, the demo
/// model's public key as the only trusted key.
/// </summary>
internal static class DemoConfig
{
    /// <summary>GPIO line of the simulated S0 input.</summary>
    public const int PulseLine = 17;

    /// <summary>
    /// The S0 meter constant for a speed-up: accelerated pulses must stay 30 ms wide with a 30 ms gap (IEC 62053-31)
    /// even at a household's 3 kW peak, so the faster the day runs, the fewer pulses per kWh (10 at a day per minute).
    /// </summary>
    public static int ImpulsesPerKwhAt(double speed) => Math.Max(1, (int)(14_400 / speed));

    public static GatewayConfig Write(string directory, IReadOnlyDictionary<string, string> devices, string publicKeyPath, double speed)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var meters = new List<string>();
        foreach (var meter in DemoMeter.All)
        {
            // Framing is fixed: detection listens 3 s of wall time per candidate, hours of the accelerated day.
            meters.Add($$"""    { "id": "{{meter.Id}}", "protocol": "dsmr", "device": "{{Json(devices[meter.Id])}}", "baudRate": 115200, "framing": "8N1" }""");
            if (meter.PulseMeterId is { } pulses)
            {
                meters.Add(string.Create(CultureInfo.InvariantCulture, $$"""
                        { "id": "{{pulses}}", "protocol": "s0", "pollIntervalSeconds": 1,
                          "s0": { "gpioChip": 0, "line": {{PulseLine}}, "impulsesPerKwh": {{ImpulsesPerKwhAt(speed)}}, "pairedMeterId": "{{meter.Id}}" } }
                    """));
            }
        }

        // The demo model reads 1,034 days: keep every reading of the history the demo writes. The bypass starts on the
        // live day, so the pulse rule compares that day alone: over the default week one day's shortfall is only a few
        // pulses above the 5 % tolerance, and at 5 impulses per kWh a pulse is 0.2 kWh. At 1440x a busy machine that
        // stalls the readers for 8 s leaves a 3-hour hole in the day: spread gaps up to 12 demo hours instead.
        var text = $$"""
            {
              "gatewayId": "demo-gateway",
              "dataDirectory": "data",
              "timeZone": "UTC",
              "meters": [
            {{string.Join($",{Environment.NewLine}", meters)}}
              ],
              "storage": { "rawRetentionDays": 1200, "dailyRetentionDays": 1200, "maxGapHours": 12 },
              "rules": { "pulseRegister": { "periodDays": 1 } },
              "api": { "listenUrl": "http://127.0.0.1:0" },
              "models": { "trustedKeyFiles": [ "{{Json(publicKeyPath)}}" ], "modelDirectory": "models", "inboxEnabled": false }
            }
            """;
        var path = Path.Combine(directory, "gateway.json");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return GatewayConfigLoader.Load(path);
    }

    private static string Json(string value) => JsonEncodedText.Encode(value).ToString();
}
