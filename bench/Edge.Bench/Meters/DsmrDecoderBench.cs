using System.Globalization;
using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;

namespace Edge.Bench.Meters;

/// <summary>
/// DSMR decoder throughput: 200 meters, each with its own decoder, one v5 telegram each (~900 bytes, like a real
/// DSMR 5 meter), fed in 64-byte reads as a serial port delivers them. Reports telegrams per CPU-second and the share
/// of one core that 200 meters at one telegram per second (the DSMR 5 rate) would take.
/// </summary>
internal static class DsmrDecoderBench
{
    private const int Meters = 200;
    private const int ReadSize = 64;

    public static int Run()
    {
        var telegrams = Enumerable.Range(0, Meters).Select(Telegram).ToArray();
        var decoders = telegrams.Select(_ => new DsmrDecoder(new DsmrOptions())).ToArray();
        var readings = new List<MeterReading>(Meters);
        var now = DateTimeOffset.UnixEpoch;

        void DecodeAll()
        {
            readings.Clear();
            for (var m = 0; m < Meters; m++)
            {
                var bytes = telegrams[m];
                for (var i = 0; i < bytes.Length; i += ReadSize)
                {
                    decoders[m].Feed(bytes.AsSpan(i, Math.Min(ReadSize, bytes.Length - i)), now, readings);
                }
            }

            if (readings.Count != Meters)
            {
                throw new InvalidOperationException($"expected {Meters} readings, got {readings.Count}");
            }
        }

        var result = Timing.Measure(DecodeAll, budgetSeconds: 2.0);
        var allocated0 = GC.GetAllocatedBytesForCurrentThread();
        DecodeAll();
        var allocatedPerTelegram = (GC.GetAllocatedBytesForCurrentThread() - allocated0) / (double)Meters;

        var cpuPerTelegram = result.CpuSeconds / Meters;
        var wallPerTelegram = result.WallSeconds / Meters;
        var bytesPerTelegram = telegrams.Average(t => t.Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DSMR v5 decode, {Meters} meters, {bytesPerTelegram:F0} B/telegram, {ReadSize}-byte reads:"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {1 / cpuPerTelegram:F0} telegrams per CPU-second ({cpuPerTelegram * 1e6:F1} us CPU each; wall {1 / wallPerTelegram:F0}/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytesPerTelegram / cpuPerTelegram / 1e6:F1} MB per CPU-second; {allocatedPerTelegram / 1024:F1} KiB allocated per telegram"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Meters} meters at 1 telegram/s: {Meters * cpuPerTelegram * 100:F3} % of one core (target < 5 %)"));
        return 0;
    }

    /// <summary>A full v5 telegram with three phases and a gas meter, distinct per meter.</summary>
    private static byte[] Telegram(int meter)
    {
        var time = new DateTimeOffset(2026, 11, 24, 12, 0, meter % 60, TimeSpan.FromHours(1));
        return DsmrTelegramWriter.Write(
            new MeterReading
            {
                MeterId = $"E00440071316{meter:D5}",
                Protocol = MeterProtocol.DsmrP1,
                MeterTime = time,
                GatewayTime = time,
                Energy = new EnergyRegisters
                {
                    ImportTariff1Wh = 3_432_829 + meter,
                    ImportTariff2Wh = 3_224_632,
                    ExportTariff1Wh = 12_345,
                    ExportTariff2Wh = 0,
                    ActiveTariff = 2,
                },
                Instant = new InstantaneousValues
                {
                    ImportPowerW = 433 + meter,
                    ExportPowerW = 0,
                    VoltageV = [236.7, 234.5, 236.0],
                    CurrentA = [1, 0, 2],
                },
                Events = new MeterEvents
                {
                    PowerFailures = 5,
                    LongPowerFailures = 3,
                    PowerFailureLog = [new PowerFailureLogEntry(time.AddDays(-3), TimeSpan.FromSeconds(236))],
                    VoltageSags = 1,
                    VoltageSwells = 1,
                },
                SubMeters = [new SubMeterReading(1, SubMeterKind.Gas, 3, $"G00390019369906{meter:D3}", time.AddMinutes(-5), 246.138m + meter, "m3")],
            },
            DsmrVersion.V5,
            "ISK5\\2M550T-1012");
    }
}
