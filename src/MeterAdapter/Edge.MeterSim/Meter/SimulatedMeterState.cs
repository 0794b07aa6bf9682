using Edge.MeterSim.Consumption;

namespace Edge.MeterSim.Meter;

/// <summary>
/// The registers of one simulated electricity meter, advanced in steps of meter time. Keeps the true energy apart from
/// what the registers show, so a theft (bypass, reversal) is visible as the difference — and so an S0 pulse source can be
/// driven by the true energy while the P1 port reports the tampered registers.
/// </summary>
public sealed class SimulatedMeterState
{
    private readonly IConsumptionProfile _profile;
    private readonly TheftBehaviour _theft;

    public SimulatedMeterState(IConsumptionProfile profile, TheftBehaviour theft, DateTimeOffset start, double initialImportWh = 0)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(theft);
        theft.Validate();
        _profile = profile;
        _theft = theft;
        TrueTime = start;
        ImportTariff1Wh = initialImportWh / 2;
        ImportTariff2Wh = initialImportWh / 2;
    }

    /// <summary>The real instant (what the gateway's NTP clock shows).</summary>
    public DateTimeOffset TrueTime { get; private set; }

    /// <summary>How far the meter's clock is off; clock-jump faults change it.</summary>
    public TimeSpan ClockError { get; private set; }

    /// <summary>What the meter believes the time is, in its local offset (the DSMR timestamp).</summary>
    public DateTimeOffset MeterTime => DutchTariff.ToLocal(TrueTime + ClockError);

    /// <summary>All energy the household drew since the simulation started, whatever the registers say.</summary>
    public double TrueEnergyWh { get; private set; }

    public double ImportTariff1Wh { get; private set; }

    public double ImportTariff2Wh { get; private set; }

    public double ExportTariff1Wh { get; private set; }

    public double ExportTariff2Wh { get; private set; }

    /// <summary>Tariff active at the meter's clock (0-0:96.14.0).</summary>
    public int Tariff => DutchTariff.TariffAt(MeterTime.DateTime);

    /// <summary>Average true power over the last step, W.</summary>
    public double TruePowerW { get; private set; }

    /// <summary>Power the meter displays as delivered (1-0:1.7.0), W.</summary>
    public double ImportPowerW => _theft.ReverseEnergy ? 0 : TruePowerW * _theft.BypassFactor;

    /// <summary>Power the meter displays as returned (1-0:2.7.0), W.</summary>
    public double ExportPowerW => _theft.ReverseEnergy ? TruePowerW * _theft.BypassFactor : 0;

    public int PowerFailures { get; private set; }

    public int LongPowerFailures { get; private set; }

    public int TamperEvents { get; private set; }

    public TheftBehaviour Theft => _theft;

    /// <summary>Runs the meter for <paramref name="step"/> of real time.</summary>
    public void Advance(TimeSpan step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, TimeSpan.Zero);
        if (step == TimeSpan.Zero)
        {
            return;
        }

        DateTime localFrom = DutchTariff.ToLocal(TrueTime).DateTime;
        double energy = _profile.EnergyWh(localFrom, localFrom + step);
        TrueTime += step;
        TrueEnergyWh += energy;
        TruePowerW = energy * 3600.0 / step.TotalSeconds;

        double registered = energy * _theft.BypassFactor;
        bool low = Tariff == 1;
        if (_theft.ReverseEnergy)
        {
            if (low)
            {
                ExportTariff1Wh += registered;
            }
            else
            {
                ExportTariff2Wh += registered;
            }
        }
        else if (low)
        {
            ImportTariff1Wh += registered;
        }
        else
        {
            ImportTariff2Wh += registered;
        }
    }

    /// <summary>
    /// What a register shows: whole Wh, counted down. Registers accumulate thousands of small double steps, so a
    /// value meant to be exactly 1000 Wh can come out as 999.9999999; a micro-watt-hour tolerance absorbs that.
    /// </summary>
    public static long WholeWattHours(double wh) => (long)Math.Floor(wh + 1e-6);

    /// <summary>The meter's clock jumps (lost sync, battery failure, wrong setting).</summary>
    public void JumpClock(TimeSpan jump) => ClockError += jump;

    /// <summary>Short failures count in 0-0:96.7.21, long ones (3 minutes or more) in 0-0:96.7.9.</summary>
    public void RecordPowerFailure(bool isLong)
    {
        if (isLong)
        {
            LongPowerFailures++;
        }
        else
        {
            PowerFailures++;
        }
    }

    public void RecordTamper() => TamperEvents++;
}
