using System.Device.Gpio;
using Edge.MeterAdapter.Iec62056;
using Edge.MeterAdapter.S0;
using Edge.MeterAdapter.Transport;
using Edge.Runtime.Config;
using Edge.Runtime.Health;

namespace Edge.Runtime.Ingest;

/// <summary>Builds one <see cref="IMeterSource"/> per configured meter, on the given hardware.</summary>
public static class MeterSourceFactory
{
    /// <summary>Listening time per candidate framing while detecting a DSMR port: three DSMR 5 telegram periods.</summary>
    public static readonly TimeSpan DsmrCaptureWindow = TimeSpan.FromSeconds(3);

    /// <param name="lastImportWh">Last stored import register per meter id: S0 counting continues from it after a restart.</param>
    public static MeterSourceSet Create(
        IReadOnlyList<MeterConfig> meters,
        MeterHardware hardware,
        MeterStatusBoard board,
        FaultBoard faults,
        TimeProvider time,
        IReadOnlyDictionary<string, long> lastImportWh)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentNullException.ThrowIfNull(lastImportWh);
        var set = new MeterSourceSet();
        try
        {
            var buses = ModbusBuses(meters, hardware, time);
            foreach (var meter in meters)
            {
                set.Add(Create(meter, hardware, board, faults, time, lastImportWh, set, buses));
            }

            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    private static IMeterSource Create(
        MeterConfig meter,
        MeterHardware hardware,
        MeterStatusBoard board,
        FaultBoard faults,
        TimeProvider time,
        IReadOnlyDictionary<string, long> lastImportWh,
        MeterSourceSet set,
        IReadOnlyDictionary<string, ModbusBus> buses)
    {
        switch (meter.Protocol)
        {
            case MeterProtocolName.Dsmr:
                return new DsmrMeterSource(
                    meter.Id, hardware.SerialDevice(meter.Device!), meter.FixedSerialSettings(SerialSettings.Dsmr5), board, faults, time, DsmrCaptureWindow);

            case MeterProtocolName.Iec62056:
            {
                // Sign-on is always 300 baud 7E1 (IEC 62056-21 §6.3.1); baudRate in the config caps the switch-over rate.
                var transport = new SerialTransport(hardware.SerialDevice(meter.Device!), SerialSettings.Iec62056Start, PollTransportOptions(meter), time);
                var reader = new Iec62056ModeCReader(new BlockingSerialLine(transport), time, new Iec62056Options { MaxBaudRate = meter.BaudRate ?? 19200 });
                return new PolledMeterSource(
                    meter.Id, "iec62056", transport, reader.ReadAsync, () => Named(reader.Rejects), meter.PollInterval, board, faults, time);
            }

            case MeterProtocolName.Modbus:
            {
                var sdm = buses[meter.Device!].Attach((byte)meter.ModbusAddress!.Value, meter.ModbusModel!.Value, meter.Id);
                return new PolledMeterSource(
                    meter.Id, "modbus", buses[meter.Device!].Transport, sdm.ReadAsync, () => Named(sdm.Rejects), meter.PollInterval, board, faults, time);
            }

            case MeterProtocolName.S0:
            {
                var line = meter.S0!;
                var controller = set.Controller(line.GpioChip, hardware);
                var options = new S0Options
                {
                    LineName = meter.Id,
                    ImpulsesPerKwh = line.ImpulsesPerKwh,
                    ActiveLevel = line.ActiveHigh ? PinValue.High : PinValue.Low,
                    InitialEnergyWh = Math.Max(line.InitialEnergyWh, lastImportWh.GetValueOrDefault(meter.Id)),
                };
                var input = new S0PulseInput(controller, line.Line!.Value, options, time);
                return new S0MeterSource(meter.Id, input, meter.PollInterval, board, faults, time);
            }

            default:
                throw new ArgumentException($"meter '{meter.Id}' has no protocol", nameof(meter));
        }
    }

    /// <summary>
    /// One bus per serial device of the Modbus meters; meters configured on the same device share it (the config checks
    /// that they agree on the line settings and have distinct addresses).
    /// </summary>
    private static Dictionary<string, ModbusBus> ModbusBuses(IReadOnlyList<MeterConfig> meters, MeterHardware hardware, TimeProvider time) =>
        meters.Where(m => m.Protocol == MeterProtocolName.Modbus)
            .GroupBy(m => m.Device!, StringComparer.Ordinal)
            .ToDictionary(
                bus => bus.Key,
                bus =>
                {
                    // Any meter's answers keep a shared line alive: with the slowest poller's window it is never called
                    // stale while one meter of the bus still answers.
                    var slowest = bus.MaxBy(m => m.PollInterval)!;
                    return new ModbusBus(new SerialTransport(hardware.SerialDevice(bus.Key), bus.First().ModbusSerialSettings(), PollTransportOptions(slowest), time), time);
                },
                StringComparer.Ordinal);

    /// <summary>A pull protocol's port is silent between polls: only three missed polls make it stale.</summary>
    private static SerialTransportOptions PollTransportOptions(MeterConfig meter) =>
        new() { SilenceWindow = (3 * meter.PollInterval) + TimeSpan.FromSeconds(5) };

    private static IEnumerable<KeyValuePair<string, long>> Named<TReason>(MeterAdapter.Readings.RejectTally<TReason> tally)
        where TReason : struct, Enum => tally.Snapshot().Select(r => KeyValuePair.Create(r.Key.ToString(), r.Value));
}
