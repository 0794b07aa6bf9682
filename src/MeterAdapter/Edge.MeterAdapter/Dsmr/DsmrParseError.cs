namespace Edge.MeterAdapter.Dsmr;

/// <summary>Where and why a telegram did not parse: 1-based line (the '/' line is 1) and column.</summary>
public readonly record struct DsmrParseError(int Line, int Column, string Message)
{
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}
