using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;
using Edge.MeterSim.Faults;
using Edge.MeterSim.Meter;

namespace Edge.MeterSim.Dsmr;

public sealed record DsmrMeterSimulatorOptions
{
    /// <summary>Equipment identifier (0-0:96.1.1), written hex-encoded as the standard requires.</summary>
    public string EquipmentId { get; init; } = "E0026000012345678";

    public DsmrVersion Version { get; init; } = DsmrVersion.V5;

    /// <summary>Telegram period in meter time: 1 s for DSMR 5, 10 s for DSMR 2.2-4.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    public FaultRates Faults { get; init; } = FaultRates.None;

    /// <summary>Seeds the fault and event draws: the same seed replays the same run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Mains voltage shown on L1 (1-0:32.7.0).</summary>
    public double Voltage { get; init; } = 230.0;
}

/// <summary>
/// A DSMR P1 meter: every <see cref="DsmrMeterSimulatorOptions.Interval"/> of meter time it advances the meter,
/// draws tamper/power-failure events and faults, and produces the telegram bytes for the wire. Telegrams are written
/// by <see cref="DsmrTelegramWriter"/> (v5 layout, CRC-16/ARC), so the simulator holds no telegram format of its own.
/// Driven by calls to <see cref="Next"/>, not by a clock: a host decides how fast meter time runs.
/// </summary>
public sealed class DsmrMeterSimulator
{
    private static readonly byte[] FrameMarkers = "/!"u8.ToArray();

    private readonly SimulatedMeterState _meter;
    private readonly DsmrMeterSimulatorOptions _options;
    private readonly FaultInjector _faults;
    private readonly MeterEventDraw _events;
    private int _sequence;
    private int _unpluggedTelegramsLeft;
    private bool _justReplugged;

    public DsmrMeterSimulator(SimulatedMeterState meter, DsmrMeterSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Interval, TimeSpan.Zero);
        _meter = meter;
        _options = options;
        _faults = new FaultInjector(options.Faults, options.Seed, FrameMarkers);
        _events = new MeterEventDraw(options.Seed);
    }

    public SimulatedMeterState Meter => _meter;

    public DsmrMeterSimulatorOptions Options => _options;

    /// <summary>Runs the meter one interval and returns that period's telegram and what happened to it.</summary>
    /// <param name="allowFaults">False for a clean telegram (e.g. the last one of a test run, so nothing is left pending).</param>
    public DsmrEmission Next(bool allowFaults = true)
    {
        _meter.Advance(_options.Interval);
        _events.Draw(_meter, _options.Interval);
        // Faults are drawn from the telegram as it would be sent, then a clock jump applies from the next telegram on.
        MeterReading expected = CurrentReading();
        byte[] telegram = DsmrTelegramWriter.Write(expected, _options.Version);
        int bodyStart = Array.IndexOf(telegram, (byte)'\n') + 1;
        int bodyEnd = Array.LastIndexOf(telegram, (byte)'!');
        FaultPlan plan = allowFaults && _options.Faults.Any ? _faults.Draw(telegram, bodyStart, bodyEnd) : FaultPlan.Clean;
        if (plan.ClockJump != TimeSpan.Zero)
        {
            _meter.JumpClock(plan.ClockJump);
        }

        bool unplugged = _unpluggedTelegramsLeft > 0;
        if (unplugged)
        {
            _unpluggedTelegramsLeft--;
            _justReplugged = _unpluggedTelegramsLeft == 0;
        }
        else if (plan.Unplug && !_justReplugged)
        {
            // This telegram and those in the rest of UnplugDuration are lost; the first one after it is always sent.
            unplugged = true;
            _unpluggedTelegramsLeft = Math.Max(0, (int)Math.Ceiling(_options.Faults.UnplugDuration / _options.Interval) - 1);
            _justReplugged = _unpluggedTelegramsLeft == 0;
        }
        else
        {
            _justReplugged = false;
        }

        if (unplugged)
        {
            plan = plan with { Corruption = Corruption.None, GarbageBefore = [] };
        }

        byte[] wire = unplugged ? [] : FaultInjector.Apply(telegram, plan);
        return new DsmrEmission(_sequence++, _meter.TrueTime, expected, telegram, wire, plan, unplugged);
    }

    /// <summary>The reading a decoder must produce from this period's telegram (gateway time is the meter's true time here).</summary>
    private MeterReading CurrentReading()
    {
        DateTimeOffset meterTime = _meter.MeterTime;
        meterTime = meterTime.AddTicks(-(meterTime.Ticks % TimeSpan.TicksPerSecond));
        long importPower = (long)Math.Round(_meter.ImportPowerW, MidpointRounding.AwayFromZero);
        long exportPower = (long)Math.Round(_meter.ExportPowerW, MidpointRounding.AwayFromZero);
        return new MeterReading
        {
            MeterId = _options.EquipmentId,
            Protocol = MeterProtocol.DsmrP1,
            MeterTime = meterTime,
            GatewayTime = _meter.TrueTime,
            Energy = new EnergyRegisters
            {
                ImportTariff1Wh = SimulatedMeterState.WholeWattHours(_meter.ImportTariff1Wh),
                ImportTariff2Wh = SimulatedMeterState.WholeWattHours(_meter.ImportTariff2Wh),
                ExportTariff1Wh = SimulatedMeterState.WholeWattHours(_meter.ExportTariff1Wh),
                ExportTariff2Wh = SimulatedMeterState.WholeWattHours(_meter.ExportTariff2Wh),
                ActiveTariff = _meter.Tariff,
            },
            Instant = new InstantaneousValues
            {
                ImportPowerW = importPower,
                ExportPowerW = exportPower,
                VoltageV = [Math.Round(_options.Voltage, 1)],
                // F3(0,0): whole amperes on the wire.
                CurrentA = [Math.Round((importPower + exportPower) / _options.Voltage, MidpointRounding.AwayFromZero)],
            },
            Events = new MeterEvents
            {
                PowerFailures = _meter.PowerFailures,
                LongPowerFailures = _meter.LongPowerFailures,
                VoltageSags = 0,
                VoltageSwells = 0,
            },
        };
    }
}
