namespace Edge.MeterAdapter.Modbus;

/// <summary>Eastron meter families whose input-register maps this adapter knows.</summary>
public enum EastronModel
{
    /// <summary>Single phase, default 2400 baud 8N1, slave address 1.</summary>
    Sdm120,

    /// <summary>Three phase, default 9600 baud 8N1, slave address 1.</summary>
    Sdm630,
}
