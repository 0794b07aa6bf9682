using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Gateway.Tests.Support;
using Edge.Runtime.Config;

namespace Edge.Gateway.Tests.FirmwareConfig;

/// <summary>
/// firmware-config/gateway.example.json loads with the runtime's own loader, gateway.schema.json (JSON Schema draft
/// 2020-12) names exactly the keys the config records have, and the example fits the schema and the other shipped files.
/// </summary>
public sealed class GatewayConfigFileTests
{
    private static readonly string ExamplePath = RepositoryRoot.Path("firmware-config", "gateway.example.json");
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Path("firmware-config", "gateway.schema.json"))).RootElement;
    private static readonly JsonElement Example = JsonDocument.Parse(File.ReadAllText(ExamplePath)).RootElement;

    [Fact]
    public void The_example_loads_and_validates_with_the_gateways_own_loader()
    {
        var config = GatewayConfigLoader.Load(ExamplePath);

        Assert.Equal(4, config.Meters.Count);
        Assert.Equal(
            [MeterProtocolName.Dsmr, MeterProtocolName.Iec62056, MeterProtocolName.Modbus, MeterProtocolName.S0],
            config.Meters.Select(m => m.Protocol!.Value));
    }

    [Fact]
    public void The_schema_is_draft_2020_12_and_closed_at_every_level()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", Schema.GetProperty("$schema").GetString());
        foreach (var (path, node) in ObjectSchemas(Schema, "$"))
        {
            Assert.True(
                node.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False,
                $"{path}: the gateway rejects unknown keys, so the schema must say additionalProperties: false");
        }
    }

    [Fact]
    public void Every_schema_property_is_a_config_property_and_every_config_property_is_in_the_schema() =>
        CompareWithType(Schema, typeof(GatewayConfig), "$");

    [Fact]
    public void The_example_uses_only_schema_keys_and_gives_every_required_one() =>
        CheckInstance(Example, Schema, "$");

    [Fact]
    public void The_example_matches_the_unit_the_udev_rules_and_the_install_script()
    {
        var unit = SystemdUnitFile.Parse(File.ReadAllText(RepositoryRoot.Path("firmware-config", "edge-gateway.service")));
        var links = UdevRule.ParseFile(File.ReadAllText(RepositoryRoot.Path("firmware-config", "99-edge-meters.rules")))
            .SelectMany(r => r.Values("SYMLINK")).Select(l => "/dev/" + l).ToHashSet();

        // The service may write only below ReadWritePaths: the database must live there.
        Assert.Equal(unit.Value("Service", "ReadWritePaths"), Example.GetProperty("dataDirectory").GetString());
        foreach (var meter in Example.GetProperty("meters").EnumerateArray())
        {
            if (meter.TryGetProperty("device", out var device))
            {
                Assert.Contains(device.GetString()!, links);
            }
        }

        // install.sh --trusted-key puts keys in /etc/edge/trusted-keys/.
        Assert.All(Example.GetProperty("models").GetProperty("trustedKeyFiles").EnumerateArray(), f => Assert.StartsWith("/etc/edge/trusted-keys/", f.GetString(), StringComparison.Ordinal));
    }

    private static void CompareWithType(JsonElement schema, Type type, string path)
    {
        schema = Resolve(schema);
        var schemaKeys = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.GetIndexParameters().Length == 0)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal);
        Assert.True(
            properties.Keys.Order(StringComparer.Ordinal).SequenceEqual(schemaKeys),
            $"{path}: {type.Name} has [{string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}], the schema [{string.Join(", ", schemaKeys)}]");

        foreach (var (name, property) in properties)
        {
            var propertySchema = Resolve(schema.GetProperty("properties").GetProperty(name));
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            {
                propertyType = propertyType.GetGenericArguments()[0];
                propertySchema = Resolve(propertySchema.GetProperty("items"));
            }

            if (propertyType.IsEnum)
            {
                var values = propertySchema.GetProperty("enum").EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!);
                Assert.Equal(
                    Enum.GetNames(propertyType).Select(n => n.ToLowerInvariant()).Order(StringComparer.Ordinal),
                    values.Select(v => v.ToLowerInvariant()).Order(StringComparer.Ordinal));
            }
            else if (propertyType.Namespace == typeof(GatewayConfig).Namespace && propertyType.IsClass)
            {
                CompareWithType(propertySchema, propertyType, $"{path}.{name}");
            }
        }
    }

    private static void CheckInstance(JsonElement instance, JsonElement schema, string path)
    {
        schema = Resolve(schema);
        if (instance.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in instance.EnumerateArray())
            {
                CheckInstance(item, schema.GetProperty("items"), $"{path}[{i++}]");
            }

            return;
        }

        if (instance.ValueKind != JsonValueKind.Object)
        {
            if (schema.TryGetProperty("enum", out var allowed))
            {
                Assert.True(allowed.EnumerateArray().Any(a => a.ToString() == instance.ToString()), $"{path}: {instance} is not one of {allowed}");
            }

            return;
        }

        var properties = schema.GetProperty("properties");
        foreach (var member in instance.EnumerateObject())
        {
            Assert.True(properties.TryGetProperty(member.Name, out var child), $"{path}: '{member.Name}' is not in the schema");
            CheckInstance(member.Value, child, $"{path}.{member.Name}");
        }

        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var key in required.EnumerateArray())
            {
                Assert.True(instance.TryGetProperty(key.GetString()!, out _), $"{path}: required '{key.GetString()}' is missing");
            }
        }
    }

    /// <summary>Follows "$ref": "#/$defs/x" and picks the object branch of "anyOf": [object, null].</summary>
    private static JsonElement Resolve(JsonElement schema)
    {
        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            schema = anyOf.EnumerateArray().First(b => !(b.TryGetProperty("type", out var t) && t.GetString() == "null"));
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!;
            Assert.StartsWith("#/$defs/", name, StringComparison.Ordinal);
            return Resolve(Schema.GetProperty("$defs").GetProperty(name["#/$defs/".Length..]));
        }

        return schema;
    }

    private static IEnumerable<(string Path, JsonElement Node)> ObjectSchemas(JsonElement node, string path)
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            if (node.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "object")
            {
                yield return (path, node);
            }

            foreach (var member in node.EnumerateObject())
            {
                foreach (var inner in ObjectSchemas(member.Value, $"{path}.{member.Name}"))
                {
                    yield return inner;
                }
            }
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in node.EnumerateArray())
            {
                foreach (var inner in ObjectSchemas(item, $"{path}[{i++}]"))
                {
                    yield return inner;
                }
            }
        }
    }
}
