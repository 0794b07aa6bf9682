using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Modbus;

/// <summary>
/// Reads one Eastron SDM120 / SDM630 over a <see cref="ModbusRtuMaster"/> and returns a <see cref="MeterReading"/>,
/// or null when any block of the poll failed (the reason is counted in the master's <see cref="ModbusRtuMaster.Rejects"/>).
/// A reading is built only from frames that passed every check, all from the same poll.
/// </summary>
public sealed class EastronSdmMeter
{
    private readonly ModbusRtuMaster _master;
    private readonly byte _slaveAddress;
    private readonly EastronModel _model;
    private readonly TimeProvider _time;
    private readonly string _meterId;

    public EastronSdmMeter(ModbusRtuMaster master, byte slaveAddress, EastronModel model, TimeProvider time, string? meterId = null)
    {
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(time);
        _master = master;
        _slaveAddress = slaveAddress;
        _model = model;
        _time = time;
        _meterId = meterId ?? $"{model.ToString().ToLowerInvariant()}@{slaveAddress}";
    }

    public async ValueTask<MeterReading?> ReadAsync(CancellationToken cancellationToken)
    {
        var values = new Dictionary<ushort, float>();
        foreach (var (start, count) in EastronRegisterMap.BlocksFor(_model))
        {
            var response = await _master.ReadInputRegistersAsync(_slaveAddress, start, count, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                return null;
            }

            for (var i = 0; i < count; i += 2)
            {
                values[(ushort)(start + i)] = Float32Registers.Decode(response.Registers[i], response.Registers[i + 1]);
            }
        }

        var reading = ToReading(values, _model, _meterId, _time.GetUtcNow());
        if (reading is null)
        {
            _master.CountReject(ModbusRejectReason.ImplausibleValue);
        }

        return reading;
    }

    /// <summary>Largest energy register accepted: 10^9 kWh (1 TWh) is beyond any meter's display.</summary>
    public const float MaxPlausibleKilowattHours = 1e9f;

    /// <summary>Maps decoded registers to a reading; null when a register is missing, NaN, infinite, or an implausible energy.</summary>
    public static MeterReading? ToReading(IReadOnlyDictionary<ushort, float> values, EastronModel model, string meterId, DateTimeOffset gatewayTime)
    {
        ArgumentNullException.ThrowIfNull(values);
        var phases = EastronRegisterMap.Phases(model);
        var powerRegister = model == EastronModel.Sdm630 ? EastronRegisterMap.TotalSystemPower : EastronRegisterMap.ActivePowerL1;
        var needed = Enumerable.Range(0, phases)
            .SelectMany(p => new[] { EastronRegisterMap.VoltageL1 + (2 * p), EastronRegisterMap.CurrentL1 + (2 * p) })
            .Append(powerRegister).Append(EastronRegisterMap.ImportActiveEnergy).Append(EastronRegisterMap.ExportActiveEnergy);
        if (needed.Any(r => !values.ContainsKey((ushort)r)) || values.Values.Any(v => !float.IsFinite(v)))
        {
            return null;
        }

        if (!TryToWattHours(values[EastronRegisterMap.ImportActiveEnergy], out var importWh)
            || !TryToWattHours(values[EastronRegisterMap.ExportActiveEnergy], out var exportWh))
        {
            return null;
        }

        var power = values[powerRegister];
        return new MeterReading
        {
            MeterId = meterId,
            Protocol = MeterProtocol.ModbusSdm,
            GatewayTime = gatewayTime,
            Energy = new EnergyRegisters { ImportTotalWh = importWh, ExportTotalWh = exportWh },
            Instant = new InstantaneousValues
            {
                // The meter's active power is signed; negative flows to the grid.
                ImportPowerW = power > 0 ? power : 0,
                ExportPowerW = power < 0 ? -power : 0,
                VoltageV = PerPhase(values, EastronRegisterMap.VoltageL1, phases),
                CurrentA = PerPhase(values, EastronRegisterMap.CurrentL1, phases),
            },
        };
    }

    /// <summary>
    /// kWh float32 → whole Wh, rounded to nearest. A float32 has a 24-bit significand, so its spacing at value V kWh is
    /// 2^(floor(log2 V) − 23) kWh: below 2^13 = 8192 kWh that is under 1 Wh and every whole Wh survives; from
    /// 16 384 kWh (2^14) the spacing is about 2 Wh, at 131 072 kWh about 16 Wh. The meter cannot send finer steps, so
    /// daily deltas of a meter past ~16 MWh carry a few Wh of quantisation; the rounding adds at most 0.5 Wh on top.
    /// </summary>
    public static bool TryToWattHours(float kilowattHours, out long wattHours)
    {
        wattHours = 0;
        if (!float.IsFinite(kilowattHours) || kilowattHours < 0 || kilowattHours > MaxPlausibleKilowattHours)
        {
            return false;
        }

        // The float → double widening is exact; × 1000 in double is exact to well under 1 Wh for any float32 input.
        wattHours = (long)Math.Round((double)kilowattHours * 1000.0, MidpointRounding.AwayFromZero);
        return true;
    }

    private static double?[] PerPhase(IReadOnlyDictionary<ushort, float> values, ushort first, int phases)
    {
        var result = new double?[phases];
        for (var i = 0; i < phases; i++)
        {
            result[i] = values[(ushort)(first + (2 * i))];
        }

        return result;
    }
}
