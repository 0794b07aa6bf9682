namespace Edge.Runtime.Config;

/// <summary>The fleet uplink (MQTT): <c>uplink</c> in the file.</summary>
public sealed record UplinkConfig
{
    public void Validate(ConfigProblems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        _ = path;
    }
}
