using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Dsmr;

/// <summary>What one telegram says about one M-Bus channel 0-n (n = 1..4).</summary>
internal sealed class DsmrMbusChannel(int number)
{
    public int Number { get; } = number;

    public int? DeviceType { get; set; }

    public string? EquipmentId { get; set; }

    public DateTimeOffset? CaptureTime { get; set; }

    public decimal? Value { get; set; }

    public string Unit { get; set; } = "";

    /// <summary>
    /// The kind comes from the device type (EN 13757-3 Table 3, printed in decimal by DSMR 0-n:24.1.0), never from
    /// the channel number, which depends on installation order. A channel whose equipment id is present but empty
    /// is a stale slot (e.g. "0-1:96.1.0()" with "(700101010000W)(00000000)") and yields no reading.
    /// </summary>
    public SubMeterReading? ToReading()
    {
        if (Value is not { } value || EquipmentId is { Length: 0 })
        {
            return null;
        }

        var kind = DeviceType switch
        {
            0x02 => SubMeterKind.Electricity,
            0x03 => SubMeterKind.Gas,
            0x04 or 0x0C or 0x0D => SubMeterKind.Heat,
            0x06 or 0x07 or 0x15 or 0x16 => SubMeterKind.Water,
            _ => SubMeterKind.Unknown,
        };
        return new SubMeterReading(Number, kind, DeviceType ?? 0, EquipmentId, CaptureTime, value, Unit);
    }
}
