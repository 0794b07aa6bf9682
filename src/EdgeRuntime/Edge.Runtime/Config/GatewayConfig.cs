using System.Text.Json.Serialization;

namespace Edge.Runtime.Config;

/// <summary>
/// The gateway's configuration file (JSON, camelCase keys, comments allowed). One record per section, each in its own
/// file with its own <c>Validate</c>; <see cref="GatewayConfigLoader"/> reads it and rejects unknown keys and bad values
/// before anything starts. Example: docs/gateway-config.md.
/// </summary>
public sealed record GatewayConfig
{
    /// <summary>Name of this gateway in alerts, metrics and uplink topics.</summary>
    public string GatewayId { get; set; } = string.Empty;

    /// <summary>Where the database and installed models live; relative paths are relative to the config file.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>IANA zone whose local midnight separates the days the model scores ("Europe/Amsterdam").</summary>
    public string TimeZone { get; set; } = "UTC";

    public IReadOnlyList<MeterConfig> Meters { get; set; } = [];

    public StorageConfig Storage { get; set; } = new();

    public ScoringConfig Scoring { get; set; } = new();

    public RulesConfig Rules { get; set; } = new();

    public AlertsConfig Alerts { get; set; } = new();

    public ApiConfig Api { get; set; } = new();

    /// <summary>Fleet uplink; absent means the gateway works alone.</summary>
    public UplinkConfig? Uplink { get; set; }

    public ModelsConfig Models { get; set; } = new();

    /// <summary>Directory of the file this was loaded from; relative paths in the file are resolved against it.</summary>
    [JsonIgnore]
    public string BaseDirectory { get; set; } = Directory.GetCurrentDirectory();

    /// <summary>The data directory as an absolute path.</summary>
    [JsonIgnore]
    public string DataPath => ResolvePath(DataDirectory);

    /// <summary>Path of the reading database inside the data directory.</summary>
    [JsonIgnore]
    public string DatabasePath => Path.Combine(DataPath, "gateway.db");

    /// <summary>The configured zone; valid after <see cref="Validate"/> passed.</summary>
    [JsonIgnore]
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>A path from the file, made absolute against <see cref="BaseDirectory"/>.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, BaseDirectory);

    public void Validate(ConfigProblems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        problems.Required(GatewayId, "gatewayId");
        problems.Required(DataDirectory, "dataDirectory");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            problems.Add("timeZone", $"'{TimeZone}' is not a time zone known to this system (use an IANA name such as Europe/Amsterdam)");
        }

        problems.Check(Meters.Count > 0, "meters", "at least one meter is required");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Meters.Count; i++)
        {
            var path = ConfigProblems.Item("meters", i);
            Meters[i].Validate(problems, path);
            if (Meters[i].Id.Length > 0 && !ids.Add(Meters[i].Id))
            {
                problems.Add(ConfigProblems.Key(path, "id"), $"'{Meters[i].Id}' is used by another meter");
            }
        }

        CheckPairedMeters(problems, ids);
        CheckSharedDevices(problems);
        Storage.Validate(problems, "storage");
        Scoring.Validate(problems, "scoring");
        Rules.Validate(problems, "rules");
        Alerts.Validate(problems, "alerts");
        Api.Validate(problems, "api");
        Uplink?.Validate(problems, "uplink");
        Models.Validate(problems, "models");
    }

    /// <summary>
    /// Meters on one serial device share its line. Only Modbus meters can: an RS-485 bus with one master and a slave
    /// address per meter (Modbus over serial line V1.02 §2.1), all on the same baud rate and framing. Paths are compared
    /// as written, so name a shared adapter the same way (one /dev/serial/by-id path) on every meter of its bus.
    /// </summary>
    private void CheckSharedDevices(ConfigProblems problems)
    {
        var earlier = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < Meters.Count; i++)
        {
            var meter = Meters[i];
            if (meter.Device is not { Length: > 0 } device || meter.Protocol is null or MeterProtocolName.S0)
            {
                continue;
            }

            if (!earlier.TryGetValue(device, out var sharing))
            {
                earlier[device] = [i];
                continue;
            }

            var path = ConfigProblems.Item("meters", i);
            var j = sharing[0];
            var first = Meters[j];
            var sameAddress = sharing.FirstOrDefault(k => Meters[k].ModbusAddress == meter.ModbusAddress, -1);
            string Other(int k) => $"meters[{k}] ('{Meters[k].Id}')";
            if (meter.Protocol != MeterProtocolName.Modbus || first.Protocol != MeterProtocolName.Modbus)
            {
                problems.Add(ConfigProblems.Key(path, "device"), $"'{device}' is also the device of {Other(j)}; only modbus meters can share a device (an RS-485 bus)");
            }
            else if (sameAddress >= 0)
            {
                problems.Add(ConfigProblems.Key(path, "modbusAddress"), $"{meter.ModbusAddress} is also the address of {Other(sameAddress)} on '{device}'; each meter on a bus needs its own");
            }
            else if (meter.ModbusModel is not null && first.ModbusModel is not null && meter.ModbusSerialSettings() != first.ModbusSerialSettings())
            {
                problems.Add(
                    ConfigProblems.Key(path, "baudRate"),
                    $"the line would be {meter.ModbusSerialSettings()} here but {first.ModbusSerialSettings()} for {Other(j)} on '{device}'; give every meter of a bus the same baudRate and framing");
            }

            sharing.Add(i);
        }
    }

    /// <summary>The bypass rule compares an S0 line with a register meter, which must exist and not be an S0 line itself.</summary>
    private void CheckPairedMeters(ConfigProblems problems, HashSet<string> ids)
    {
        for (var i = 0; i < Meters.Count; i++)
        {
            if (Meters[i].S0?.PairedMeterId is not { Length: > 0 } paired)
            {
                continue;
            }

            var path = ConfigProblems.Key(ConfigProblems.Item("meters", i), "s0.pairedMeterId");
            if (!ids.Contains(paired))
            {
                problems.Add(path, $"'{paired}' is not the id of a configured meter");
            }
            else if (Meters.First(m => m.Id == paired).Protocol == MeterProtocolName.S0)
            {
                problems.Add(path, $"'{paired}' is an S0 line; pair the pulses with a meter that reports its register");
            }
        }
    }
}
