namespace Edge.MeterAdapter.Dsmr;

/// <summary>Telegram formats the writer produces (P1 Companion Standards v2.2/NTA 8130, v3.0, v4.2.2, v5.0.2).</summary>
public enum DsmrVersion
{
    /// <summary>9600 7E1, 10 s, no CRC, no version line, gas as 0-n:24.3.0 plus a value line.</summary>
    V2_2,

    /// <summary>As 2.2 on the wire; no telegram timestamp either.</summary>
    V3,

    /// <summary>115200 8N1, 10 s, CRC, "1-3:0.2.8(42)", hourly gas 0-n:24.2.1.</summary>
    V4_2,

    /// <summary>115200 8N1, 1 s, CRC, "1-3:0.2.8(50)", 5-minute gas 0-n:24.2.1.</summary>
    V5,
}
