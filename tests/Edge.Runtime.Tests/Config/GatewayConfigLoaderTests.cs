using System.Text;
using Edge.MeterAdapter.Modbus;
using Edge.Runtime.Config;

namespace Edge.Runtime.Tests.Config;

public sealed class GatewayConfigLoaderTests
{
    // Line numbers in the expectations below are counted by hand in these documents (line 1 is the opening brace).
    private const string Valid = """
        {
          "gatewayId": "gw-1",
          "dataDirectory": "data",
          "timeZone": "Europe/Amsterdam",
          // comments are allowed
          "meters": [
            { "id": "house", "protocol": "dsmr", "device": "/dev/ttyUSB0" },
            { "id": "shed", "protocol": "modbus", "device": "/dev/ttyUSB1", "baudRate": 9600, "modbusAddress": 3, "modbusModel": "sdm630", "pollIntervalSeconds": 5 },
            { "id": "house-s0", "protocol": "s0", "s0": { "line": 17, "impulsesPerKwh": 1000, "pairedMeterId": "house" } },
          ],
          "scoring": { "dailyAt": "03:15" },
          "api": { "tokens": [ { "name": "tech", "role": "admin", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" } ] }
        }
        """;

    private static GatewayConfig Parse(string json) => GatewayConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "gw.json", "/etc/edge");

    private static ConfigException Rejected(string json) => Assert.Throws<ConfigException>(() => Parse(json));

    [Fact]
    public void A_valid_file_loads_with_its_values_and_defaults()
    {
        var config = Parse(Valid);

        Assert.Equal("gw-1", config.GatewayId);
        Assert.Equal("/etc/edge/data", config.DataPath);
        Assert.Equal(3, config.Meters.Count);
        Assert.Equal(MeterProtocolName.Modbus, config.Meters[1].Protocol);
        Assert.Equal(EastronModel.Sdm630, config.Meters[1].ModbusModel);
        Assert.Equal(TimeSpan.FromSeconds(5), config.Meters[1].PollInterval);
        Assert.Equal(17, config.Meters[2].S0!.Line);
        Assert.Equal(new TimeOnly(3, 15), config.Scoring.DailyTime);
        Assert.Equal(ApiRole.Admin, config.Api.Tokens[0].Role);
        Assert.Equal(90, config.Storage.RawRetentionDays);
        Assert.Null(config.Meters[0].FixedSerialSettings(MeterAdapter.Transport.SerialSettings.Dsmr5));
    }

    [Fact]
    public void An_unknown_key_deep_in_the_file_is_named_with_its_path_and_line()
    {
        var json = Valid.Replace("\"pollIntervalSeconds\": 5 }", "\"pollIntervalSeconds\": 5, \"parity\": \"E\" }", StringComparison.Ordinal);

        var error = Rejected(json);

        Assert.StartsWith("gw.json:8: meters[1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown key 'parity'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_inside_a_nested_section_is_rejected()
    {
        var json = Valid.Replace("\"pairedMeterId\": \"house\"", "\"pairedMeterId\": \"house\", \"debounce\": 3", StringComparison.Ordinal);

        var error = Rejected(json);

        Assert.StartsWith("gw.json:9: meters[2].s0", error.Message, StringComparison.Ordinal);
        Assert.Contains("'debounce'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_baud_rate_is_named_with_key_path_line_and_the_supported_rates()
    {
        var json = Valid.Replace("\"baudRate\": 9600", "\"baudRate\": 12345", StringComparison.Ordinal);

        var error = Rejected(json);

        Assert.Equal(
            "gw.json:8: meters[1].baudRate: 12345 is not a supported rate (300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)",
            error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(169)]
    public void A_max_gap_outside_one_hour_to_a_week_is_named(int hours)
    {
        var json = Valid.Replace("\"scoring\": {", $"\"storage\": {{ \"maxGapHours\": {hours} }}, \"scoring\": {{", StringComparison.Ordinal);

        var error = Rejected(json);

        Assert.Equal($"gw.json:11: storage.maxGapHours: {hours} is out of range (1 to 168 hours)", error.Message);
    }

    [Fact]
    public void The_max_gap_defaults_to_three_hours_and_can_be_raised()
    {
        Assert.Equal(TimeSpan.FromHours(3), Parse(Valid).Storage.MaxGap);
        var json = Valid.Replace("\"scoring\": {", "\"storage\": { \"maxGapHours\": 6 }, \"scoring\": {", StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(6), Parse(json).Storage.MaxGap);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_own_line()
    {
        var json = Valid
            .Replace("\"modbusAddress\": 3", "\"modbusAddress\": 300", StringComparison.Ordinal)
            .Replace("\"03:15\"", "\"25:00\"", StringComparison.Ordinal)
            .Replace("\"pairedMeterId\": \"house\"", "\"pairedMeterId\": \"garage\"", StringComparison.Ordinal);

        var error = Rejected(json);

        Assert.Equal(
            [
                "gw.json:8: meters[1].modbusAddress: 300 is out of range (1 to 247)",
                "gw.json:9: meters[2].s0.pairedMeterId: 'garage' is not the id of a configured meter",
                "gw.json:11: scoring.dailyAt: '25:00' is not a time of day like 02:30 (24-hour HH:mm)",
            ],
            error.Lines);
    }

    [Fact]
    public void Modbus_meters_may_share_a_device_as_one_bus_with_their_own_addresses_and_one_line_setting()
    {
        var bus = Valid.Replace(
            "{ \"id\": \"house-s0\"",
            "{ \"id\": \"barn\", \"protocol\": \"modbus\", \"device\": \"/dev/ttyUSB1\", \"baudRate\": 9600, \"modbusAddress\": 4, \"modbusModel\": \"sdm120\" },\n    { \"id\": \"house-s0\"",
            StringComparison.Ordinal);
        Assert.Equal(4, Parse(bus).Meters.Count);

        var sameAddress = Rejected(bus.Replace("\"modbusAddress\": 4", "\"modbusAddress\": 3", StringComparison.Ordinal));
        Assert.Equal(["gw.json:9: meters[2].modbusAddress: 3 is also the address of meters[1] ('shed') on '/dev/ttyUSB1'; each meter on a bus needs its own"], sameAddress.Lines);

        // Without a baudRate the SDM120 would open the bus at its factory default, 2400 8N1 (the SDM630 'shed' is at 9600 8N1).
        var otherRate = Rejected(bus.Replace("\"baudRate\": 9600, \"modbusAddress\": 4", "\"modbusAddress\": 4", StringComparison.Ordinal));
        Assert.Equal(["gw.json:9: meters[2].baudRate: the line would be 2400 8N1 here but 9600 8N1 for meters[1] ('shed') on '/dev/ttyUSB1'; give every meter of a bus the same baudRate and framing"], otherRate.Lines);

        var dsmrOnBus = Rejected(Valid.Replace("\"device\": \"/dev/ttyUSB1\"", "\"device\": \"/dev/ttyUSB0\"", StringComparison.Ordinal));
        Assert.Equal(["gw.json:8: meters[1].device: '/dev/ttyUSB0' is also the device of meters[0] ('house'); only modbus meters can share a device (an RS-485 bus)"], dsmrOnBus.Lines);
    }

    [Fact]
    public void A_missing_required_key_is_named_at_the_line_of_its_object()
    {
        var json = Valid.Replace("\"protocol\": \"s0\", \"s0\": { \"line\": 17,", "\"protocol\": \"s0\", \"s0\": {", StringComparison.Ordinal);

        var error = Rejected(json);

        Assert.Equal("gw.json:9: meters[2].s0.line: is required (the GPIO line offset)", error.Message);
    }

    [Fact]
    public void A_missing_gateway_id_and_an_empty_meter_list_are_rejected()
    {
        var error = Rejected("""{ "dataDirectory": "/var/lib/edge", "meters": [] }""");

        Assert.Equal(["gw.json: gatewayId: is required", "gw.json:1: meters: at least one meter is required"], error.Lines);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_named_with_what_was_expected()
    {
        var json = Valid.Replace("\"protocol\": \"dsmr\"", "\"protocol\": \"p1\"", StringComparison.Ordinal);

        var error = Rejected(json);

        Assert.StartsWith("gw.json:7: meters[0].protocol: has the wrong type: expected one of dsmr, iec62056, modbus, s0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_is_reported_with_its_line()
    {
        var json = Valid.Replace("\"timeZone\": \"Europe/Amsterdam\",", "\"timeZone\": \"Europe/Amsterdam\" \"x\"", StringComparison.Ordinal);

        var error = Rejected(json);

        Assert.StartsWith("gw.json:4:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_in_clear_instead_of_its_hash_is_rejected()
    {
        var json = Valid.Replace("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "hunter2", StringComparison.Ordinal);

        var error = Rejected(json);

        Assert.StartsWith("gw.json:12: api.tokens[0].sha256: must be the token's SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1:18443", "'https://127.0.0.1:18443': only http is served; put TLS in a reverse proxy in front of the gateway (docs/gateway-api.md)")]
    [InlineData("http://0.0.0.0:8080/edge", "'http://0.0.0.0:8080/edge' must be only scheme, host and port (like http://0.0.0.0:8080), without a path")]
    [InlineData("ftp://127.0.0.1:21", "'ftp://127.0.0.1:21' is not an http:// address like http://127.0.0.1:8080")]
    [InlineData("127.0.0.1:8080", "'127.0.0.1:8080' is not an http:// address like http://127.0.0.1:8080")]
    public void A_listen_url_the_daemon_cannot_serve_is_rejected_naming_the_key(string listenUrl, string reason)
    {
        // Each of these made Kestrel throw at start (exit 134 with a stack trace, a restart loop under systemd).
        var json = Valid.Replace("\"api\": { \"tokens\"", $"\"api\": {{ \"listenUrl\": \"{listenUrl}\", \"tokens\"", StringComparison.Ordinal);

        var error = Rejected(json);

        Assert.Equal([$"gw.json:12: api.listenUrl: {reason}"], error.Lines);
    }

    [Fact]
    public void An_http_listen_url_with_host_and_port_is_accepted()
    {
        var json = Valid.Replace("\"api\": { \"tokens\"", "\"api\": { \"listenUrl\": \"http://0.0.0.0:8080/\", \"tokens\"", StringComparison.Ordinal);

        Assert.Equal("http://0.0.0.0:8080/", Parse(json).Api.ListenUrl);
    }

    [Fact]
    public void A_missing_file_is_a_config_error_naming_the_file()
    {
        var error = Assert.Throws<ConfigException>(() => GatewayConfigLoader.Load("/nonexistent/edge.json"));

        Assert.StartsWith("/nonexistent/edge.json: cannot read the config file", error.Message, StringComparison.Ordinal);
    }
}
