namespace Edge.Runtime.Config;

/// <summary>How the gateway signals open alerts on site: <c>alerts</c> in the file.</summary>
public sealed record AlertsConfig
{
    /// <summary>An LED or relay lit while an alert is open; absent means none is fitted.</summary>
    public GpioOutputConfig? Led { get; set; }

    public void Validate(ConfigProblems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        Led?.Validate(problems, ConfigProblems.Key(path, "led"));
    }
}
