namespace Edge.Trainer.Data;

/// <summary>
/// A data file that cannot be used, with the place to look: file, 1-based physical line and 1-based column (null when
/// the problem is not one column, e.g. a missing FLAG header). The CLI prints <see cref="Exception.Message"/> only.
/// </summary>
public sealed class DataFileException : Exception
{
    public DataFileException(string path, long line, int? column, string reason)
        : base(Format(path, line, column, reason))
    {
        Path = path;
        Line = line;
        Column = column;
        Reason = reason;
    }

    public DataFileException()
        : this("?", 0, null, "invalid data file")
    {
    }

    public DataFileException(string message)
        : this("?", 0, null, message)
    {
    }

    public DataFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "?";
        Reason = message;
    }

    public string Path { get; }

    public long Line { get; }

    public int? Column { get; }

    public string Reason { get; }

    /// <summary>Line 0 means the whole file (it could not be opened, or it is empty): no line is named then.</summary>
    private static string Format(string path, long line, int? column, string reason) =>
        column is { } c ? $"{path}, line {line}, column {c}: {reason}"
        : line > 0 ? $"{path}, line {line}: {reason}"
        : $"{path}: {reason}";
}
