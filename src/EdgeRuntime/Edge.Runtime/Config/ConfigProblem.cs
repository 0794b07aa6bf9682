namespace Edge.Runtime.Config;

/// <summary>One thing wrong with the configuration: the key path in JSON terms ("meters[2].baudRate") and what is wrong.</summary>
public sealed record ConfigProblem(string Path, string Message);
