namespace Edge.Runtime.Config;

/// <summary>Thresholds of the local rules that need no model: <c>rules</c> in the file.</summary>
public sealed record RulesConfig
{
    public void Validate(ConfigProblems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        _ = path;
    }
}
