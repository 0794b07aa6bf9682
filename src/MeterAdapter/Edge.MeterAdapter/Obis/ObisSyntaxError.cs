namespace Edge.MeterAdapter.Obis;

/// <summary>Why a data line did not parse, with the 1-based column of the offending character.</summary>
public readonly record struct ObisSyntaxError(int Column, string Message)
{
    public override string ToString() => $"column {Column}: {Message}";
}
