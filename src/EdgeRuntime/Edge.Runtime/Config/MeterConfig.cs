using System.Globalization;
using System.Text.Json.Serialization;
using Edge.MeterAdapter.Modbus;
using Edge.MeterAdapter.Transport;

namespace Edge.Runtime.Config;

/// <summary>One meter the gateway reads: <c>meters[i]</c> in the file.</summary>
public sealed record MeterConfig
{
    /// <summary>Serial rates a UART and the meter protocols in use support.</summary>
    public static readonly IReadOnlyList<int> SupportedBaudRates = [300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

    /// <summary>Name of the meter in readings, alerts and the API; letters, digits, '.', '_' and '-'.</summary>
    public string Id { get; set; } = string.Empty;

    public MeterProtocolName? Protocol { get; set; }

    /// <summary>Serial device ("/dev/ttyUSB0"); not used by S0 lines.</summary>
    public string? Device { get; set; }

    /// <summary>
    /// Serial rate. DSMR: absent means detect (115200 8N1, then 9600 7E1). IEC 62056-21: the fastest rate to accept
    /// after the 300 baud sign-on. Modbus: the rate set on the meter (SDM120 default 2400, SDM630 9600).
    /// </summary>
    public int? BaudRate { get; set; }

    /// <summary>Character framing "8N1", "7E1", ... ; absent or "auto" means the protocol's default (or detection, for DSMR).</summary>
    public string? Framing { get; set; }

    /// <summary>How often a polled meter (IEC, Modbus) is read and an S0 count is recorded; ignored for DSMR (the meter pushes).</summary>
    public double? PollIntervalSeconds { get; set; }

    /// <summary>Modbus slave address, 1 to 247 (Modbus over serial line v1.02 §2.2).</summary>
    public int? ModbusAddress { get; set; }

    public EastronModel? ModbusModel { get; set; }

    /// <summary>The import register wraps to zero at this many Wh (for example 100000000 for 99999.999 kWh).</summary>
    public long? RegisterModulusWh { get; set; }

    /// <summary>The pulse line, for protocol "s0".</summary>
    public S0LineConfig? S0 { get; set; }

    /// <summary>How often this meter is read or recorded.</summary>
    [JsonIgnore]
    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollIntervalSeconds ?? (Protocol == MeterProtocolName.Iec62056 ? 60 : 10));

    /// <summary>
    /// Serial settings fixed by the file, or null when the protocol decides (DSMR detection, the IEC 300 baud
    /// sign-on). A missing framing takes <paramref name="protocolDefault"/>'s.
    /// </summary>
    public SerialSettings? FixedSerialSettings(SerialSettings protocolDefault)
    {
        ArgumentNullException.ThrowIfNull(protocolDefault);
        var framing = IsAuto(Framing) ? null : ParseFraming(Framing!);
        if (BaudRate is null && framing is null)
        {
            return null;
        }

        var settings = framing is { } f ? protocolDefault with { DataBits = f.DataBits, Parity = f.Parity, StopBits = f.StopBits } : protocolDefault;
        return BaudRate is { } baud ? settings.WithBaudRate(baud) : settings;
    }

    /// <summary>The line settings of a Modbus meter: the file's baud rate and framing over the model's factory default.</summary>
    public SerialSettings ModbusSerialSettings()
    {
        var defaults = ModbusModel == EastronModel.Sdm120 ? SerialSettings.Sdm120 : SerialSettings.Sdm630;
        return FixedSerialSettings(defaults) ?? defaults;
    }

    public void Validate(ConfigProblems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        string Key(string name) => ConfigProblems.Key(path, name);
        problems.Required(Id, Key("id"));
        if (Id.Length > 0 && !Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            problems.Add(Key("id"), $"'{Id}' may hold only letters, digits, '.', '_' and '-'");
        }

        if (Protocol is null)
        {
            problems.Add(Key("protocol"), "is required (dsmr, iec62056, modbus or s0)");
            return;
        }

        if (Protocol == MeterProtocolName.S0)
        {
            problems.Check(Device is null, Key("device"), "is not used by an s0 meter (its line is s0.line)");
            problems.Check(BaudRate is null && Framing is null, Key("baudRate"), "is not used by an s0 meter");
            if (S0 is null)
            {
                problems.Add(Key("s0"), "is required for protocol s0 (gpioChip, line, impulsesPerKwh)");
            }
            else
            {
                S0.Validate(problems, Key("s0"));
            }
        }
        else
        {
            problems.Required(Device, Key("device"));
            problems.Check(S0 is null, Key("s0"), $"is only for protocol s0, this meter is {ProtocolText}");
        }

        if (BaudRate is { } baud && !SupportedBaudRates.Contains(baud))
        {
            problems.Add(Key("baudRate"), $"{baud} is not a supported rate ({string.Join(", ", SupportedBaudRates)})");
        }

        if (!IsAuto(Framing) && ParseFraming(Framing!) is null)
        {
            problems.Add(Key("framing"), $"'{Framing}' is not a framing like 8N1 or 7E1 (data bits 7 or 8, parity N, E or O, stop bits 1 or 2), or auto");
        }

        if (PollIntervalSeconds is { } poll)
        {
            problems.Positive(poll, Key("pollIntervalSeconds"));
            problems.Check(Protocol != MeterProtocolName.Dsmr, Key("pollIntervalSeconds"), "is not used by dsmr (the meter pushes its telegrams)");
        }

        if (Protocol == MeterProtocolName.Modbus)
        {
            if (ModbusAddress is { } address)
            {
                problems.InRange(address, 1, 247, Key("modbusAddress"));
            }
            else
            {
                problems.Add(Key("modbusAddress"), "is required for protocol modbus (1 to 247)");
            }

            problems.Check(ModbusModel is not null, Key("modbusModel"), "is required for protocol modbus (sdm120 or sdm630)");
        }
        else
        {
            problems.Check(ModbusAddress is null, Key("modbusAddress"), $"is only for protocol modbus, this meter is {ProtocolText}");
            problems.Check(ModbusModel is null, Key("modbusModel"), $"is only for protocol modbus, this meter is {ProtocolText}");
        }

        if (RegisterModulusWh is { } modulus)
        {
            problems.InRange(modulus, 1, long.MaxValue, Key("registerModulusWh"), "Wh");
        }
    }

    private string ProtocolText => Protocol?.ToString().ToLowerInvariant() ?? "unset";

    private static bool IsAuto(string? framing) => framing is null || framing.Equals("auto", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses "8N1"-style framing; null when it is not one.</summary>
    internal static (int DataBits, Parity Parity, StopBits StopBits)? ParseFraming(string text)
    {
        if (text.Length != 3)
        {
            return null;
        }

        var dataBits = text[0] - '0';
        Parity? parity = char.ToUpperInvariant(text[1]) switch
        {
            'N' => Parity.None,
            'E' => Parity.Even,
            'O' => Parity.Odd,
            _ => null,
        };
        StopBits? stop = text[2] switch
        {
            '1' => StopBits.One,
            '2' => StopBits.Two,
            _ => null,
        };
        return dataBits is 7 or 8 && parity is { } p && stop is { } s ? (dataBits, p, s) : null;
    }
}
