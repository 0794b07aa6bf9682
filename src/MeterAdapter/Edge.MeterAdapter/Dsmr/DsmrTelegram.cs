using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Dsmr;

/// <summary>A parsed P1 telegram: the identification line, the declared version and the reading it carries.</summary>
/// <param name="Identification">The header after '/', e.g. "ISk5\2MT382-1000" (manufacturer, baud character, model).</param>
/// <param name="Version">1-3:0.2.8 ("42", "50") or Belgian 0-0:96.1.4 ("50217"); null for DSMR 2.2/3.0.</param>
public sealed record DsmrTelegram(string Identification, string? Version, MeterReading Reading)
{
    /// <summary>DSMR 4.0 and later always carry a CRC (P1 Companion Standard v4.0.7/v4.2.2/v5.0.2 §6.2).</summary>
    public bool VersionRequiresCrc => Version is { Length: >= 1 } v && v[0] >= '4' && v[0] <= '9';
}
