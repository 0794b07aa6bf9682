using System.Globalization;
using Edge.MeterAdapter.Obis;
using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Dsmr;

/// <summary>
/// Collects the values of one telegram by OBIS code and builds the <see cref="MeterReading"/>. Each Add returns null
/// or a short description of what is wrong with the value (the parser adds line and column).
/// </summary>
internal sealed class DsmrReadingBuilder(TimeZoneInfo? zoneForUnsuffixed)
{
    private readonly SortedDictionary<int, DsmrMbusChannel> _channels = [];
    private readonly double?[] _voltage = new double?[3];
    private readonly double?[] _current = new double?[3];
    private readonly int?[] _sags = new int?[3];
    private readonly int?[] _swells = new int?[3];
    private readonly List<PowerFailureLogEntry> _failureLog = [];
    private string? _meterId;
    private DateTimeOffset? _meterTime;
    private long? _import1, _import2, _export1, _export2, _importTotal, _exportTotal;
    private int? _tariff, _powerFailures, _longPowerFailures;
    private double? _importPower, _exportPower;

    /// <summary>The legacy gas line waiting for its value on the next line.</summary>
    private DsmrMbusChannel? _pendingLegacyGas;

    public string? Version { get; private set; }

    public string? Add(ObisDataSet set)
    {
        if (_pendingLegacyGas is not null)
        {
            return "the DSMR 2.2/3 gas line 0-n:24.3.0 must be followed by its value line \"(value)\"";
        }

        // F = 255 means "current value" (IEC 62056-61); meters that print it (EasyMeter Q3D) mean the DSMR code.
        var code = set.Code.F == 255 ? set.Code.WithoutF() : set.Code;
        var v = set.Values;
        if (code == DsmrObis.Version || code == DsmrObis.VersionBelgium)
        {
            Version = v[0].Text;
            return v[0].Text.Length > 0 && !v[0].Text.AsSpan().ContainsAnyExceptInRange('0', '9') ? null : "version must be digits";
        }

        if (code == DsmrObis.Timestamp)
        {
            return Time(v[0].Text, out _meterTime);
        }

        if (code == DsmrObis.EquipmentId)
        {
            _meterId = DsmrOctetString.Decode(v[0].Text);
            return null;
        }

        if (code == DsmrObis.ImportTariff1) return Energy(v, out _import1);
        if (code == DsmrObis.ImportTariff2) return Energy(v, out _import2);
        if (code == DsmrObis.ExportTariff1) return Energy(v, out _export1);
        if (code == DsmrObis.ExportTariff2) return Energy(v, out _export2);
        if (code == DsmrObis.ImportTotal) return Energy(v, out _importTotal);
        if (code == DsmrObis.ExportTotal) return Energy(v, out _exportTotal);
        if (code == DsmrObis.TariffIndicator) return Count(v, out _tariff);
        if (code == DsmrObis.ImportPower) return Power(v, out _importPower);
        if (code == DsmrObis.ExportPower) return Power(v, out _exportPower);
        if (code == DsmrObis.PowerFailures) return Count(v, out _powerFailures);
        if (code == DsmrObis.LongPowerFailures) return Count(v, out _longPowerFailures);
        if (code == DsmrObis.PowerFailureLog) return FailureLog(v);

        return code.A switch
        {
            1 when code.B == 0 && code.E == 0 => AddPhaseValue(code, v),
            0 when code.B is >= 1 and <= 4 => AddMbus(code, v),
            _ => null,
        };
    }

    /// <summary>A line that is only "(value)": the DSMR 2.2/3.0 gas reading after 0-n:24.3.0.</summary>
    public string? AddContinuation(IReadOnlyList<ObisValue> values)
    {
        if (_pendingLegacyGas is not { } channel)
        {
            return "a value line \"(...)\" may only follow 0-n:24.3.0";
        }

        _pendingLegacyGas = null;
        var unit = channel.Unit;
        if (!TryParseVolume(values[0].Text, out var volume))
        {
            return $"gas value '{values[0].Text}' is not a number";
        }

        channel.Value = volume;
        channel.Unit = values[0].Unit ?? unit;
        return null;
    }

    public string? Complete() => _pendingLegacyGas is null ? null : "telegram ends after 0-n:24.3.0 without its value line";

    public MeterReading Build(string identification, DateTimeOffset gatewayTime)
    {
        var quality = ReadingQuality.Good;
        if (_meterTime is not { } t || DsmrTimestamp.IsPlaceholder(t))
        {
            quality |= ReadingQuality.ClockSuspect;
        }

        if (_import1 is null && _import2 is null && _importTotal is null)
        {
            quality |= ReadingQuality.Partial;
        }

        return new MeterReading
        {
            MeterId = string.IsNullOrEmpty(_meterId) ? identification : _meterId,
            Protocol = MeterProtocol.DsmrP1,
            MeterTime = _meterTime,
            GatewayTime = gatewayTime,
            Quality = quality,
            Energy = new EnergyRegisters
            {
                ImportTariff1Wh = _import1,
                ImportTariff2Wh = _import2,
                ExportTariff1Wh = _export1,
                ExportTariff2Wh = _export2,
                ImportTotalWh = _importTotal,
                ExportTotalWh = _exportTotal,
                ActiveTariff = _tariff,
            },
            Instant = new InstantaneousValues
            {
                ImportPowerW = _importPower,
                ExportPowerW = _exportPower,
                VoltageV = PerPhase(_voltage),
                CurrentA = PerPhase(_current),
            },
            Events = new MeterEvents
            {
                PowerFailures = _powerFailures,
                LongPowerFailures = _longPowerFailures,
                PowerFailureLog = _failureLog.ToArray(),
                VoltageSags = SumPhases(_sags),
                VoltageSwells = SumPhases(_swells),
                VoltageSagsByPhase = PerPhase(_sags),
                VoltageSwellsByPhase = PerPhase(_swells),
            },
            SubMeters = _channels.Values.Select(c => c.ToReading()).OfType<SubMeterReading>().ToArray(),
        };
    }

    private string? AddPhaseValue(ObisCode code, IReadOnlyList<ObisValue> v)
    {
        var phase = code.C switch
        {
            32 or 31 => 0,
            52 or 51 => 1,
            72 or 71 => 2,
            _ => -1,
        };
        if (phase < 0)
        {
            return null;
        }

        var isVoltageGroup = Array.IndexOf(DsmrObis.VoltageC, code.C) >= 0;
        return code.D switch
        {
            DsmrObis.InstantD when isVoltageGroup => Instant(v, "V", out _voltage[phase]),
            DsmrObis.InstantD => Instant(v, "A", out _current[phase]),
            DsmrObis.SagD when isVoltageGroup => Count(v, out _sags[phase]),
            DsmrObis.SwellD when isVoltageGroup => Count(v, out _swells[phase]),
            _ => null,
        };
    }

    private string? AddMbus(ObisCode code, IReadOnlyList<ObisValue> v)
    {
        var number = (int)code.B!.Value;
        if (!_channels.TryGetValue(number, out var channel))
        {
            channel = new DsmrMbusChannel(number);
            _channels[number] = channel;
        }

        switch (code.C, code.D, code.E)
        {
            case (DsmrObis.MbusDeviceTypeC, DsmrObis.MbusDeviceTypeD, DsmrObis.MbusDeviceTypeE):
                if (!v[0].TryGetInteger(out var type) || type is < 0 or > 255)
                {
                    return $"M-Bus device type '{v[0].Text}' is not a number 0-255";
                }

                channel.DeviceType = (int)type;
                return null;

            // NL prints the M-Bus equipment id as 0-n:96.1.0, Belgian e-MUCS meters as 0-n:96.1.1.
            case (DsmrObis.MbusEquipmentIdC, DsmrObis.MbusEquipmentIdD, DsmrObis.MbusEquipmentIdE or 1):
                channel.EquipmentId = DsmrOctetString.Decode(v[0].Text);
                return null;

            // 24.2.1 is the temperature-corrected value (NL), 24.2.3 the uncorrected one (BE e-MUCS).
            case (DsmrObis.MbusValueC, DsmrObis.MbusValueD, 1 or 3):
                return MbusValue(channel, v);

            case (DsmrObis.LegacyGasC, DsmrObis.LegacyGasD, DsmrObis.LegacyGasE):
                if (v.Count < 2)
                {
                    return "expected (capture time)(...)(unit) before the value line";
                }

                var problem = Time(v[0].Text, out var capture);
                if (problem is not null)
                {
                    return problem;
                }

                channel.CaptureTime = capture;
                channel.Unit = v[^1].Text;
                _pendingLegacyGas = channel;
                return null;

            default:
                return null;
        }
    }

    /// <summary>0-n:24.2.1(TST)(value*unit). The unit is optional: stale channels send "(00000000)" (SMR 5.5 too).</summary>
    private string? MbusValue(DsmrMbusChannel channel, IReadOnlyList<ObisValue> v)
    {
        if (v.Count != 2)
        {
            return "expected (capture time)(value*unit)";
        }

        var problem = Time(v[0].Text, out var capture);
        if (problem is not null)
        {
            return problem;
        }

        if (!TryParseVolume(v[1].Text, out var value))
        {
            return $"'{v[1].Text}' is not a number";
        }

        channel.CaptureTime = capture;
        channel.Value = value;
        channel.Unit = v[1].Unit ?? "";
        return null;
    }

    /// <summary>1-0:99.97.0(z)(0-0:96.7.19)(TST)(seconds*s)... with z entries (§6.11); an empty log may be "()".</summary>
    private string? FailureLog(IReadOnlyList<ObisValue> v)
    {
        if (v[0].Text.Length == 0 && v.Count == 1)
        {
            return null;
        }

        if (!v[0].TryGetInteger(out var count) || count < 0 || count > 10)
        {
            return $"entry count '{v[0].Text}' is not a number 0-10";
        }

        if (v.Count != 2 + (2 * count) && !(count == 0 && v.Count == 1))
        {
            return $"{count} entries need {2 + (2 * count)} values, found {v.Count}";
        }

        for (var i = 0; i < count; i++)
        {
            var time = v[2 + (2 * i)];
            var duration = v[3 + (2 * i)];
            var problem = Time(time.Text, out var end);
            if (problem is not null || end is null)
            {
                return problem ?? $"'{time.Text}' has no S/W season letter";
            }

            if (duration.Unit != "s" || !duration.TryGetInteger(out var seconds) || seconds < 0)
            {
                return $"duration '{duration}' is not whole seconds '*s'";
            }

            _failureLog.Add(new PowerFailureLogEntry(end.Value, TimeSpan.FromSeconds(seconds)));
        }

        return null;
    }

    /// <summary>
    /// A TST value. Must be well formed; a 12-digit time without season letter (DSMR 2.2/3.0) becomes null when no
    /// zone is configured, rather than a guess.
    /// </summary>
    private string? Time(string text, out DateTimeOffset? time)
    {
        time = null;
        if (!DsmrTimestamp.TryParse(text, zoneForUnsuffixed ?? TimeZoneInfo.Utc, out var parsed))
        {
            return $"'{text}' is not a timestamp YYMMDDhhmmss[S|W]";
        }

        if (text.Length == 13 || zoneForUnsuffixed is not null)
        {
            time = parsed;
        }

        return null;
    }

    /// <summary>F9(3,3) kWh registers become whole Wh exactly (digits, never through double); "Wh" registers are taken as is.</summary>
    private static string? Energy(IReadOnlyList<ObisValue> v, out long? wh)
    {
        wh = null;
        var decimals = v[0].Unit switch
        {
            "kWh" => 3,
            "Wh" => 0,
            _ => -1,
        };
        if (decimals < 0)
        {
            return $"energy unit '{v[0].Unit}' is not kWh or Wh";
        }

        if (!v[0].TryGetFixedPoint(decimals, out var value) || value < 0)
        {
            return $"energy '{v[0].Text}' is not a non-negative decimal";
        }

        wh = value;
        return null;
    }

    /// <summary>F5(3,3) kW becomes W exactly (1 W resolution); "W" values (EasyMeter Q3D) keep their decimals.</summary>
    private static string? Power(IReadOnlyList<ObisValue> v, out double? watts)
    {
        watts = null;
        double w;
        switch (v[0].Unit)
        {
            case "kW" when v[0].TryGetFixedPoint(3, out var scaled):
                w = scaled;
                break;
            case "W" when v[0].TryGetDouble(out var plain):
                w = plain;
                break;
            case "kW" or "W":
                return $"power '{v[0].Text}' is not a decimal";
            default:
                return $"power unit '{v[0].Unit}' is not kW or W";
        }

        if (w < 0)
        {
            return $"power '{v[0].Text}' is negative";
        }

        watts = w;
        return null;
    }

    private static string? Instant(IReadOnlyList<ObisValue> v, string unit, out double? value)
    {
        value = null;
        if (v[0].Unit != unit || !v[0].TryGetDouble(out var x))
        {
            return $"'{v[0]}' is not a number in {unit}";
        }

        value = x;
        return null;
    }

    private static string? Count(IReadOnlyList<ObisValue> v, out int? count)
    {
        count = null;
        if (!v[0].TryGetInteger(out var n) || n < 0 || n > int.MaxValue)
        {
            return $"'{v[0].Text}' is not a non-negative whole number";
        }

        count = (int)n;
        return null;
    }

    private static bool TryParseVolume(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    private static T?[] PerPhase<T>(T?[] values)
        where T : struct => Array.TrueForAll(values, x => x is null) ? [] : (T?[])values.Clone();

    private static int? SumPhases(int?[] counts) => Array.TrueForAll(counts, x => x is null) ? null : counts.Sum(x => x ?? 0);
}
