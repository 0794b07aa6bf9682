using Edge.MeterAdapter.Readings;

namespace Edge.Gateway.Demo;

/// <summary>
/// The years of readings a gateway would have stored before the demo's live day, written straight into the store:
/// hourly register readings from each household's daily consumption, spread over the day by the household shape.
/// A day the household file leaves empty gets no readings inside it, so the gateway sees it as missing, as it would
/// see a day its meter was unplugged.
/// </summary>
internal static class DemoHistory
{
    /// <summary>Register value of every demo meter when its history starts.</summary>
    public const long InitialRegisterWh = 1_000_000;

    /// <summary>Readings from the first history day up to the live day's midnight, and the register value there.</summary>
    public static (List<MeterReading> Readings, long FinalRegisterWh) Build(DemoMeter meter, DemoHousehold household, DateOnly liveDay, TimeZoneInfo zone)
        => Build(meter.Id, MeterProtocol.DsmrP1, meter.HistoryRegisterShare, meter.HistoryTheftDays, household, liveDay, zone);

    /// <summary>The S0 line on the same supply has counted the true energy all along.</summary>
    public static (List<MeterReading> Readings, long FinalRegisterWh) BuildPulses(string pulseMeterId, DemoHousehold household, DateOnly liveDay, TimeZoneInfo zone)
        => Build(pulseMeterId, MeterProtocol.S0Pulse, 1.0, 0, household, liveDay, zone);

    private static (List<MeterReading> Readings, long FinalRegisterWh) Build(
        string meterId, MeterProtocol protocol, double theftShare, int theftDays, DemoHousehold household, DateOnly liveDay, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(household);
        var readings = new List<MeterReading>(household.DailyKwh.Count * 24);
        var first = household.FirstDay;
        var theftFrom = liveDay.AddDays(-theftDays);
        double registerWh = InitialRegisterWh;
        for (var day = first; day < liveDay; day = day.AddDays(1))
        {
            var kwh = household.DailyKwh[day.DayNumber - first.DayNumber];
            var share = day >= theftFrom ? theftShare : 1.0;
            var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue)));
            readings.Add(Reading(meterId, protocol, midnight, registerWh));
            if (!double.IsFinite(kwh))
            {
                // Unread day: the register still advanced, by the energy nobody saw (the profile fills the gap).
                registerWh += household.Profile.KwhOn(day) * 1000 * share;
                continue;
            }

            var dayStart = day.ToDateTime(TimeOnly.MinValue);
            for (var hour = 1; hour < 24; hour++)
            {
                var wh = household.Profile.EnergyWh(dayStart.AddHours(hour - 1), dayStart.AddHours(hour));
                registerWh += wh * share;
                readings.Add(Reading(meterId, protocol, midnight.AddHours(hour), registerWh));
            }

            registerWh += household.Profile.EnergyWh(dayStart.AddHours(23), dayStart.AddHours(24)) * share;
        }

        var final = (long)Math.Floor(registerWh);
        var liveMidnight = liveDay.ToDateTime(TimeOnly.MinValue);
        readings.Add(Reading(meterId, protocol, new DateTimeOffset(liveMidnight, zone.GetUtcOffset(liveMidnight)), final));
        return (readings, final);
    }

    private static MeterReading Reading(string meterId, MeterProtocol protocol, DateTimeOffset at, double registerWh)
    {
        var wh = (long)Math.Floor(registerWh);
        return new MeterReading
        {
            MeterId = meterId,
            Protocol = protocol,
            MeterTime = at,
            GatewayTime = at,
            // The live simulator starts with the register split evenly over the two tariffs; history does the same.
            Energy = new EnergyRegisters { ImportTariff1Wh = wh / 2, ImportTariff2Wh = wh - (wh / 2), ExportTariff1Wh = 0, ExportTariff2Wh = 0 },
            Quality = ReadingQuality.Good,
        };
    }
}
