namespace Edge.Runtime.Config;

/// <summary>
/// The configuration file cannot be used. The message is complete and meant for the technician: one line per problem,
/// "file:line: key.path: what is wrong". The daemon prints it and exits with the usage error code, no stack trace.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException()
    {
    }

    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The problems found, each with the line of the key it names when the file gives it.</summary>
    public IReadOnlyList<string> Lines { get; init; } = [];
}
