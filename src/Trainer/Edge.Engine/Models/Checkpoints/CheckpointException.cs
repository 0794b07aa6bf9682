namespace Edge.Engine.Models.Checkpoints;

/// <summary>A checkpoint that cannot be loaded into the model; the message names the file and what differs.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string path, string problem) : base($"Checkpoint '{path}': {problem}.")
    {
        Path = path;
    }

    public CheckpointException()
    {
        Path = "";
    }

    public CheckpointException(string message) : base(message)
    {
        Path = "";
    }

    public CheckpointException(string message, Exception innerException) : base(message, innerException)
    {
        Path = "";
    }

    public string Path { get; }
}
