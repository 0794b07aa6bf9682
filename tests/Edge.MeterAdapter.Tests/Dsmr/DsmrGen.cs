using CsCheck;
using Edge.MeterAdapter.Readings;

namespace Edge.MeterAdapter.Tests.Dsmr;

/// <summary>Generators of readings at the precision a P1 telegram carries (whole Wh and W, 0.1 V, whole A, 0.001 m3).</summary>
internal static class DsmrGen
{
    public static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    public static readonly TimeSpan Summer = TimeSpan.FromHours(2);

    private static readonly Gen<string> MeterId =
        Gen.Char["ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"].Array[8, 18].Select(c => new string(c));

    /// <summary>A whole-second local time between 2001 and 2068 with a NL/BE offset.</summary>
    public static readonly Gen<DateTimeOffset> Time =
        Gen.Select(Gen.Long[new DateTime(2001, 1, 1).Ticks / TimeSpan.TicksPerSecond, new DateTime(2068, 12, 31).Ticks / TimeSpan.TicksPerSecond], Gen.Bool)
            .Select((seconds, summer) => new DateTimeOffset(new DateTime(seconds * TimeSpan.TicksPerSecond), summer ? Summer : Winter));

    private static readonly Gen<DateTimeOffset> WinterTime =
        Time.Select(t => new DateTimeOffset(t.DateTime, Winter));

    private static readonly Gen<long?> Wh = Gen.Long[0, 999_999_999_999].Nullable(0.1);

    private static readonly Gen<IReadOnlyList<double?>> Voltages =
        Gen.Int[1800, 2600].Select(v => (double?)(v / 10.0)).Array[3].Select(a => (IReadOnlyList<double?>)a);

    private static readonly Gen<IReadOnlyList<double?>> Currents =
        Gen.Int[0, 120].Select(a => (double?)a).Array[3].Select(a => (IReadOnlyList<double?>)a);

    private static Gen<SubMeterReading> SubMeter(Gen<DateTimeOffset> capture) =>
        Gen.Select(Gen.Int[1, 4], Gen.OneOf((SubMeterKind.Gas, 3), (SubMeterKind.Water, 7), (SubMeterKind.Heat, 4)), MeterId, capture, Gen.Long[0, 99_999_999])
            .Select((channel, kind, id, time, thousandths) =>
                new SubMeterReading(channel, kind.Item1, kind.Item2, id, time, thousandths / 1000m, kind.Item1 == SubMeterKind.Heat ? "GJ" : "m3"));

    private static Gen<IReadOnlyList<PowerFailureLogEntry>> FailureLog =>
        Gen.Select(Time, Gen.Long[0, 4_000_000_000]).Select((t, s) => new PowerFailureLogEntry(t, TimeSpan.FromSeconds(s)))
            .Array[0, 10].Select(a => (IReadOnlyList<PowerFailureLogEntry>)a);

    /// <summary>A reading as a DSMR 4.2/5 meter would report it.</summary>
    public static readonly Gen<MeterReading> Reading = Build(legacy: false);

    /// <summary>A reading as a DSMR 2.2/3 meter reports it: no timestamp, no failure log, gas capture time in local winter time.</summary>
    public static readonly Gen<MeterReading> LegacyReading = Build(legacy: true);

    private static Gen<MeterReading> Build(bool legacy) =>
        Gen.Select(
                Gen.Select(MeterId, Time, Wh, Wh, Wh, Wh),
                Gen.Select(Gen.Int[1, 2], Gen.Int[0, 99_999], Gen.Int[0, 99_999], Voltages, Currents),
                Gen.Select(Gen.Int[0, 99_999], Gen.Int[0, 99_999], FailureLog, Gen.Int[0, 99_999], Gen.Int[0, 99_999]),
                SubMeter(legacy ? WinterTime : Time).Array[0, 2])
            .Select((ids, instant, events, subs) => new MeterReading
            {
                MeterId = ids.Item1,
                Protocol = MeterProtocol.DsmrP1,
                MeterTime = legacy ? null : ids.Item2,
                GatewayTime = DateTimeOffset.UnixEpoch,
                Energy = new EnergyRegisters
                {
                    ImportTariff1Wh = ids.Item3,
                    ImportTariff2Wh = ids.Item4,
                    ExportTariff1Wh = ids.Item5,
                    ExportTariff2Wh = ids.Item6,
                    ActiveTariff = instant.Item1,
                },
                Instant = new InstantaneousValues
                {
                    ImportPowerW = instant.Item2,
                    ExportPowerW = instant.Item3,
                    VoltageV = instant.Item4,
                    CurrentA = instant.Item5,
                },
                Events = new MeterEvents
                {
                    PowerFailures = events.Item1,
                    LongPowerFailures = events.Item2,
                    PowerFailureLog = legacy ? [] : events.Item3,
                    VoltageSags = events.Item4,
                    VoltageSwells = events.Item5,
                },

                // One device per channel, as on a real M-Bus.
                SubMeters = subs.DistinctBy(s => s.Channel).OrderBy(s => s.Channel).ToArray(),
            });
}
