namespace Edge.MeterAdapter.Transport;

/// <summary>The parity bit of each character on the line.</summary>
public enum Parity
{
    None,
    Odd,
    Even,

    /// <summary>Always 1 (stick parity; Linux CMSPAR with PARODD).</summary>
    Mark,

    /// <summary>Always 0 (stick parity; Linux CMSPAR).</summary>
    Space,
}
