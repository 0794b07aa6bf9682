namespace Edge.Runtime.Config;

/// <summary>Model delivery: trusted keys, where bundles arrive and are installed: <c>models</c> in the file.</summary>
public sealed record ModelsConfig
{
    public void Validate(ConfigProblems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        _ = path;
    }
}
